import type { CircuitState, DeploymentHealthSnapshot } from '@alfred/contracts';

export interface LatencyPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/** One deployment as one worker process reported it. */
export interface DeploymentHealthOfProcess extends DeploymentHealthSnapshot {
  workerId: string;
  pool: string;
}

/** One deployment across every live process that reported it. */
export interface DeploymentHealthAcrossProcesses {
  deployment: string;
  provider: string;
  pools: string[];
  /** The worst circuit of any process: one open breaker means some traffic is refused. */
  circuit: CircuitState;
  requests: number;
  errors: number;
  /** `1 - errors / requests` over all processes' windows; null before any request. */
  successRate: number | null;
  /** The worst process's percentiles: percentiles of separate windows cannot be merged exactly. */
  latencyMs: LatencyPercentiles;
  inFlight: number;
  processes: DeploymentHealthOfProcess[];
}

export interface ReportedHealth {
  workerId: string;
  pool: string;
  deployments: readonly DeploymentHealthSnapshot[];
}

const circuitRank: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function worseCircuit(a: CircuitState, b: CircuitState): CircuitState {
  return circuitRank[b] > circuitRank[a] ? b : a;
}

function successRate(requests: number, errors: number): number | null {
  return requests === 0 ? null : 1 - Math.min(errors, requests) / requests;
}

function worstOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

/** Groups what each process reported by deployment, sorted by deployment id. */
export function deploymentHealthAcross(
  reports: readonly ReportedHealth[],
): DeploymentHealthAcrossProcesses[] {
  const byDeployment = new Map<string, DeploymentHealthAcrossProcesses>();
  for (const report of reports) {
    for (const snapshot of report.deployments) {
      const one = { ...snapshot, workerId: report.workerId, pool: report.pool };
      const total = byDeployment.get(snapshot.deployment);
      if (total) addTo(total, one);
      else byDeployment.set(snapshot.deployment, firstOf(one));
    }
  }
  return [...byDeployment.values()].sort((a, b) => a.deployment.localeCompare(b.deployment));
}

function firstOf(one: DeploymentHealthOfProcess): DeploymentHealthAcrossProcesses {
  return {
    deployment: one.deployment,
    provider: one.provider,
    pools: [one.pool],
    circuit: one.circuit,
    requests: one.requests,
    errors: one.errors,
    successRate: successRate(one.requests, one.errors),
    latencyMs: { ...one.latencyMs },
    inFlight: one.inFlight,
    processes: [one],
  };
}

function addTo(total: DeploymentHealthAcrossProcesses, one: DeploymentHealthOfProcess): void {
  if (!total.pools.includes(one.pool)) total.pools.push(one.pool);
  total.circuit = worseCircuit(total.circuit, one.circuit);
  total.requests += one.requests;
  total.errors += one.errors;
  total.successRate = successRate(total.requests, total.errors);
  total.latencyMs = {
    p50: worstOf(total.latencyMs.p50, one.latencyMs.p50),
    p95: worstOf(total.latencyMs.p95, one.latencyMs.p95),
    p99: worstOf(total.latencyMs.p99, one.latencyMs.p99),
  };
  total.inFlight += one.inFlight;
  total.processes.push(one);
}
