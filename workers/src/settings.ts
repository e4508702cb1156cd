import { randomBytes } from 'node:crypto';
import { defaultConfigKey } from '@alfred/config';

export interface WorkerSettings {
  natsUrl: string;
  /** Redis holding the credit reservations this worker settles. */
  redisUrl: string;
  configPath: string | undefined;
  pool: string;
  /** Requests this process works on at once; more wait in its local queue. */
  concurrency: number;
  /** How long SIGTERM waits for in-flight requests before giving up on them. */
  drainTimeoutMs: number;
  workerId: string;
  /**
   * Key of the live gateway config in the `alfred_config` KV bucket (ALFRED_CONFIG_KEY,
   * default `gateway`; empty: follow the file only). Its value replaces the file's routing.
   */
  configKey: string | undefined;
  /** How often the process announces its pool, load and deployment health. */
  heartbeatIntervalMs: number;
  /** GET /metrics and /healthz on this port (WORKER_METRICS_PORT); off when unset. */
  metricsPort: number | undefined;
  metricsHost: string;
  /** How long a deployment's circuit stays open before a probe (it grows on failed probes). */
  circuitOpenMs: number;
  /** Upstream attempts per request in all, across deployments (failover and retries). */
  maxAttempts: number;
  /** Settlements of this many ms go to Redis in one round trip (0: each alone). */
  settlementWindowMs: number;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return value;
}

function nonNegativeInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return env[name] === '0' ? 0 : positiveInt(env, name, fallback);
}

export function workerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): WorkerSettings {
  return {
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    configPath: env.ALFRED_CONFIG || undefined,
    pool: env.WORKER_POOL ?? 'default',
    concurrency: positiveInt(env, 'WORKER_CONCURRENCY', 256),
    drainTimeoutMs: positiveInt(env, 'WORKER_DRAIN_TIMEOUT_MS', 600_000),
    workerId: env.WORKER_ID ?? `worker-${randomBytes(6).toString('hex')}`,
    configKey:
      env.ALFRED_CONFIG_KEY === '' ? undefined : (env.ALFRED_CONFIG_KEY ?? defaultConfigKey),
    heartbeatIntervalMs: positiveInt(env, 'WORKER_HEARTBEAT_INTERVAL_MS', 1_000),
    metricsPort: env.WORKER_METRICS_PORT
      ? nonNegativeInt(env, 'WORKER_METRICS_PORT', 0)
      : undefined,
    metricsHost: env.WORKER_METRICS_HOST || '127.0.0.1',
    circuitOpenMs: positiveInt(env, 'WORKER_CIRCUIT_OPEN_MS', 10_000),
    maxAttempts: positiveInt(env, 'WORKER_MAX_ATTEMPTS', 3),
    settlementWindowMs: nonNegativeInt(env, 'WORKER_SETTLEMENT_WINDOW_MS', 5),
  };
}
