import type { NatsConnection } from '@nats-io/transport-node';
import { SpendControl } from '@alfred/spend-control';
import type { Logger } from '@alfred/telemetry';
import { Redis } from 'ioredis';
import { JetStreamUsagePublisher } from './jetstream-usage-publisher.ts';
import type { BillingOutlets } from './request-settlement.ts';
import { SettlementWindow } from './settlement-window.ts';

export interface WorkerBilling {
  outlets: (nc: NatsConnection) => BillingOutlets;
  close(): Promise<void>;
}

/**
 * Settlement goes to Redis (the reservation ingress made) and usage to JetStream. Unlike
 * admission, settling happens after the reply, so this connection may queue commands
 * while Redis reconnects rather than fail at once.
 */
export function openBillingOutlets(
  redisUrl: string,
  log: Logger,
  settlementWindowMs = 5,
): WorkerBilling {
  // Auto-pipelining sends the commands of one tick in one write; the window below makes
  // the settlements of a few milliseconds share that tick.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 20, enableAutoPipelining: true });
  const window = new SettlementWindow(settlementWindowMs);
  redis.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection problem'));
  // Seeds are only needed by admission; settlement never reads PostgreSQL.
  const spend = new SpendControl(redis, {
    seed: () => Promise.reject(new Error('workers do not admit requests')),
    commandTimeoutMs: 10_000,
  });
  return {
    outlets: (nc) => ({
      log,
      usage: new JetStreamUsagePublisher(nc),
      settler: {
        settle: async (reservationId, costMicros, tokens) => {
          await window.next();
          await spend.settle(reservationId, {
            costMicros,
            tokens: tokens.input + tokens.output,
          });
        },
        release: async (reservationId) => {
          await window.next();
          await spend.release(reservationId);
        },
      },
    }),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
