import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import {
  createLedgerMetrics,
  LedgerConsumer,
  defaultUsageStreamNames,
  ensureUsageStream,
  openWalletRefresher,
} from '@alfred/ledger';
import { createLogger } from '@alfred/telemetry';
import { connect } from '@nats-io/transport-node';
import { Registry } from 'prom-client';

/**
 * A ledger consumer in this process on the real usage stream. Every test file's ledger
 * shares the durable consumer, so any of them may write any file's events: each file
 * asserts only on its own organization's rows.
 */
export async function startTestLedger(): Promise<{ stop(): Promise<void> }> {
  const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  await ensureUsageStream(nc, defaultUsageStreamNames);
  const pool = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 2 });
  const log = createLogger('test-ledger', { level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const metrics = createLedgerMetrics(new Registry());
  const wallets = openWalletRefresher(
    process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    pool,
    log,
    metrics.walletBalance,
  );
  const ledger = LedgerConsumer.start({
    nc,
    pool,
    log,
    onPosted: (accountIds) => wallets.refresher.posted(accountIds),
    metrics,
    streamName: defaultUsageStreamNames.streamName,
    consumerName: defaultUsageStreamNames.consumerName,
  });
  return {
    async stop() {
      await ledger.stop();
      await wallets.close();
      await nc.drain();
      await pool.end();
    },
  };
}
