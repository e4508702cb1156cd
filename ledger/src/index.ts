export { LedgerConsumer, type LedgerConsumerOptions } from './ledger-consumer.ts';
export { createLedgerMetrics, type LedgerMetrics } from './ledger-metrics.ts';
export { UsageBatchWriter, type UsageBatchResult } from './usage-batch-writer.ts';
export {
  defaultUsageStreamNames,
  deleteUsageStream,
  ensureUsageStream,
  type UsageStreamNames,
} from '@alfred/usage-stream';
export { openWalletRefresher } from './open-wallet-refresher.ts';
