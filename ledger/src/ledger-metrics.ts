import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface LedgerMetrics {
  /** Ledger lag: events in JetStream not yet written (waiting, or delivered and unacknowledged). */
  pendingEvents: Gauge;
  eventsWritten: Counter;
  duplicateEvents: Counter;
  rejectedEvents: Counter;
  batchSeconds: Histogram;
  failedBatches: Counter;
  /** Spendable balance of each wallet the ledger refreshed (micro-credits). */
  walletBalance: Gauge<'account'>;
}

export function createLedgerMetrics(registry: Registry): LedgerMetrics {
  return {
    pendingEvents: new Gauge({
      name: 'alfred_ledger_pending_events',
      help: 'Usage events waiting in JetStream for the ledger (consumer num_pending + num_ack_pending).',
      registers: [registry],
    }),
    eventsWritten: new Counter({
      name: 'alfred_ledger_events_written_total',
      help: 'Usage events written to PostgreSQL (one usage row each); rate() is writes per second.',
      registers: [registry],
    }),
    duplicateEvents: new Counter({
      name: 'alfred_ledger_duplicate_events_total',
      help: 'Usage events for requests already written (redeliveries, duplicate publishes), acknowledged without a write.',
      registers: [registry],
    }),
    rejectedEvents: new Counter({
      name: 'alfred_ledger_rejected_events_total',
      help: 'Usage events that can never be written (invalid, or refused by the database), terminated in JetStream.',
      registers: [registry],
    }),
    batchSeconds: new Histogram({
      name: 'alfred_ledger_batch_seconds',
      help: 'Time to write one batch (one PostgreSQL transaction).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    walletBalance: new Gauge({
      name: 'alfred_wallet_balance',
      help: 'Spendable balance of a wallet in micro-credits, as of the ledger refreshing it.',
      labelNames: ['account'],
      registers: [registry],
    }),
    failedBatches: new Counter({
      name: 'alfred_ledger_failed_batches_total',
      help: 'Batches whose transaction failed (database unavailable, …) and were handed back to JetStream.',
      registers: [registry],
    }),
  };
}
