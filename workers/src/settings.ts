import { randomBytes } from 'node:crypto';

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
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive integer, got '${raw}'`);
  return value;
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
  };
}
