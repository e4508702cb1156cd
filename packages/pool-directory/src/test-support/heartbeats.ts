import type { DeploymentHealthSnapshot, WorkerHeartbeat } from '@alfred/contracts';

/** A valid heartbeat of a serving process, changed by `overrides`. */
export function heartbeat(overrides: Partial<WorkerHeartbeat> = {}): WorkerHeartbeat {
  return {
    v: 1,
    workerId: 'w1',
    pool: 'default',
    host: 'test-host',
    pid: 4242,
    version: '0.0.0',
    startedAt: 0,
    sentAt: 0,
    intervalMs: 1_000,
    capacity: 8,
    inFlight: 0,
    queued: 0,
    draining: false,
    state: 'serving',
    deployments: [],
    ...overrides,
  };
}

/** One deployment's health as a worker reports it: healthy and idle unless overridden. */
export function deploymentSnapshot(
  deployment: string,
  overrides: Partial<DeploymentHealthSnapshot> = {},
): DeploymentHealthSnapshot {
  return {
    deployment,
    provider: 'openai',
    circuit: 'closed',
    successRate: null,
    latencyMs: { p50: null, p95: null, p99: null },
    ewmaLatencyMs: null,
    inFlight: 0,
    requests: 0,
    errors: 0,
    cooldownUntil: null,
    windowMs: 60_000,
    ...overrides,
  };
}
