import { databaseUrlFromEnv } from '@alfred/database';
import { defaultUsageStreamNames, type UsageStreamNames } from '@alfred/usage-stream';

export interface LedgerSettings extends UsageStreamNames {
  databaseUrl: string;
  natsUrl: string;
  /** Redis of admission, whose wallets are refreshed after each batch. */
  redisUrl: string;
  metricsHost: string;
  /** 0 picks a free port (logged at start). */
  metricsPort: number;
  batchSize: number;
  ackWaitMs: number;
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be an integer ≥ ${min}, got '${raw}'`);
  return value;
}

export function ledgerSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): LedgerSettings {
  return {
    databaseUrl: databaseUrlFromEnv(env),
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    metricsHost: env.LEDGER_METRICS_HOST || '127.0.0.1',
    metricsPort: integer(env, 'LEDGER_METRICS_PORT', 9464, 0),
    batchSize: integer(env, 'LEDGER_BATCH_SIZE', 1_000, 1),
    ackWaitMs: integer(env, 'LEDGER_ACK_WAIT_MS', 30_000, 1_000),
    streamName: env.LEDGER_STREAM || defaultUsageStreamNames.streamName,
    subjects: env.LEDGER_SUBJECTS || defaultUsageStreamNames.subjects,
    consumerName: env.LEDGER_CONSUMER || defaultUsageStreamNames.consumerName,
  };
}
