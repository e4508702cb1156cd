import { randomBytes } from 'node:crypto';
import { defaultConfigKey } from '@alfred/config';
import { databaseUrlFromEnv } from '@alfred/database';

export interface IngressSettings {
  host: string;
  port: number;
  natsUrl: string;
  databaseUrl: string;
  /** Redis holding credit reservations and rate limits. */
  redisUrl: string;
  /** Path of the gateway config (models and their pools); undefined = the default file. */
  configPath: string | undefined;
  /** Largest request body accepted; larger ones get 413. */
  bodyLimitBytes: number;
  /** Longest time a client may take to send its request (slow-body protection). */
  requestReceiveTimeoutMs: number;
  /** How long ingress waits for a worker's answer before answering 504. */
  upstreamTimeoutMs: number;
  /**
   * A request that no worker has shown (in its heartbeats) it still holds for this long
   * gets 502 `worker_lost` instead of waiting for the upstream timeout; 0 = off.
   */
  workerLostAfterMs: number;
  /** Unique per process: names this process's NATS reply inbox. */
  processId: string;
  /** How long an API key lookup stays cached without an invalidation. */
  apiKeyCacheTtlMs: number;
  /**
   * INGRESS_CREDITS. `on` (the default): credit reservations, budgets and rate limits.
   * `meter`: every request is priced, its usage recorded and debited by the ledger, but
   * nothing is reserved, limited or refused (workers settle nothing). `off`: served unbilled
   * and unlimited, no usage recorded. The benchmark compares `on` with both.
   */
  credits: CreditsMode;
  /**
   * Key of the live gateway config in the `alfred_config` KV bucket (ALFRED_CONFIG_KEY,
   * default `gateway`; empty: the file only). Its models replace the file's when published.
   */
  configKey: string | undefined;
}

function intFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a non-negative integer, got '${raw}'`);
  return value;
}

export type CreditsMode = 'on' | 'meter' | 'off';
const creditsModes: readonly CreditsMode[] = ['on', 'meter', 'off'];

function creditsModeFrom(env: NodeJS.ProcessEnv, name: string): CreditsMode {
  const raw = env[name];
  if (raw === undefined || raw === '') return 'on';
  const mode = creditsModes.find((m) => m === raw);
  if (mode) return mode;
  throw new Error(`${name} must be one of ${creditsModes.join(', ')}, got '${raw}'`);
}

export function ingressSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IngressSettings {
  return {
    host: env.INGRESS_HOST ?? '127.0.0.1',
    port: intFrom(env, 'INGRESS_PORT', 8080),
    natsUrl: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    databaseUrl: databaseUrlFromEnv(env),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    configPath: env.ALFRED_CONFIG || undefined,
    bodyLimitBytes: intFrom(env, 'INGRESS_BODY_LIMIT_BYTES', 20 * 1024 * 1024),
    requestReceiveTimeoutMs: intFrom(env, 'INGRESS_REQUEST_RECEIVE_TIMEOUT_MS', 30_000),
    upstreamTimeoutMs: intFrom(env, 'INGRESS_UPSTREAM_TIMEOUT_MS', 600_000),
    workerLostAfterMs: intFrom(env, 'INGRESS_WORKER_LOST_AFTER_MS', 10_000),
    processId: env.INGRESS_PROCESS_ID ?? `ingress-${randomBytes(6).toString('hex')}`,
    apiKeyCacheTtlMs: intFrom(env, 'INGRESS_API_KEY_CACHE_TTL_MS', 60_000),
    credits: creditsModeFrom(env, 'INGRESS_CREDITS'),
    configKey:
      env.ALFRED_CONFIG_KEY === '' ? undefined : (env.ALFRED_CONFIG_KEY ?? defaultConfigKey),
  };
}
