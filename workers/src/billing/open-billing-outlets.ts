import type { NatsConnection } from '@nats-io/transport-node';
import { SpendControl } from '@alfred/spend-control';
import type { Logger } from '@alfred/telemetry';
import { Redis } from 'ioredis';
import { JetStreamUsagePublisher } from './jetstream-usage-publisher.ts';
import type { BillingOutlets } from './request-settlement.ts';
import { SettlementBatch } from './settlement-batch.ts';

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
  // No auto-pipelining: the batch below already sends a few milliseconds of settlements in
  // one command, and ioredis's per-tick pipeline objects kept request graphs alive across
  // scavenges (bench/README.md).
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 20 });
  redis.on('error', (error: Error) => log.warn({ err: error.message }, 'redis connection problem'));
  // Seeds are only needed by admission; settlement never reads PostgreSQL.
  const spend = new SpendControl(redis, {
    seed: () => Promise.reject(new Error('workers do not admit requests')),
    commandTimeoutMs: 10_000,
  });
  const batch = new SettlementBatch(
    (settlements) => spend.settleBatch(settlements),
    settlementWindowMs,
  );
  return {
    outlets: (nc) => ({
      log,
      usage: new JetStreamUsagePublisher(nc),
      settler: {
        settle: async (reservationId, costMicros, tokens) => {
          const actual = { costMicros, tokens: tokens.input + tokens.output };
          await batch.settle({ reservationId, actual });
        },
        release: async (reservationId) => {
          await batch.settle({ reservationId, actual: { costMicros: 0, tokens: 0 } });
        },
      },
    }),
    async close() {
      batch.flush();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
