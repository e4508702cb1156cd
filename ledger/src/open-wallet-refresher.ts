import type { DatabasePool } from '@alfred/database';
import { SpendControl } from '@alfred/spend-control';
import type { Logger } from '@alfred/telemetry';
import { Redis } from 'ioredis';
import type { Gauge } from 'prom-client';
import { WalletRefresher } from './wallet-refresher.ts';

/** The ledger's Redis side: refreshing wallets after it posts usage (never admitting). */
export function openWalletRefresher(
  redisUrl: string,
  pool: DatabasePool,
  log: Logger,
  balance?: Gauge<'account'>,
): { refresher: WalletRefresher; close(): Promise<void> } {
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3 });
  redis.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection problem'));
  const spend = new SpendControl(redis, {
    seed: () => Promise.reject(new Error('the ledger does not admit requests')),
  });
  const refresher = new WalletRefresher(spend, pool, log, balance);
  return {
    refresher,
    async close() {
      await refresher.stop();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
