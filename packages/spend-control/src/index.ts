export { SpendControl, type Settlement, type SpendControlOptions } from './spend-control.ts';
export type {
  ActualUsage,
  Admission,
  AdmissionRequest,
  Admitted,
  RateLimitRule,
  Rejected,
  RejectionSource,
  SettleResult,
} from './admission.ts';
export {
  budgetPeriodWindow,
  type BudgetPeriod,
  type BudgetPeriodWindow,
  type BudgetRef,
  type BudgetScope,
} from './budget-period.ts';
export type { BudgetSeed, SeedRequest, SeedSource, WalletSeed } from './seeding.ts';
export type { PostgresWallet, WalletReader, WalletRefresh } from './wallet-refresh.ts';
export { SpendControlUnavailableError } from './spend-control-unavailable-error.ts';
export { FailOpenAdmission, type FailOpenCap } from './fail-open-admission.ts';
export { ReservationSweeper, type ReservationSweeperOptions } from './reservation-sweeper.ts';
export type {
  CounterLike,
  SpendControlCounters,
  SpendControlCounts,
} from './spend-control-metrics.ts';
export { formatDuration } from './rate-limit-headers.ts';
export { SpendKeys, type RateLimitScope, type RateLimitUnit } from './spend-keys.ts';
export { failFastRedisOptions } from './fail-fast-redis-options.ts';
