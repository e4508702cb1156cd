export { PoolDirectory, type PoolDirectoryOptions } from './pool-directory.ts';
export { collectPools, type CollectPoolsOptions } from './collect-pools.ts';
export {
  MISSED_BEATS_BEFORE_GONE,
  type PoolHealth,
  type PoolProcess,
  type PoolsReport,
  type PoolSummary,
  type PoolTotals,
  type ProcessState,
} from './pool-summary.ts';
export type {
  DeploymentHealthAcrossProcesses,
  DeploymentHealthOfProcess,
  LatencyPercentiles,
} from './deployment-health.ts';
