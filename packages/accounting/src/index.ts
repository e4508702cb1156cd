export {
  accountBalance,
  ensureWallet,
  systemAccountId,
  type SystemAccountKind,
  type WalletOwner,
} from './accounts.ts';
export { postTransfers, usageTransferId, type Transfer, type TransferKind } from './transfers.ts';
export {
  refund,
  topUp,
  TransferIdConflictError,
  type PostedWalletCredit,
  type WalletCredit,
} from './top-ups.ts';
export { PriceConflictError, priceAt, setPrice, type NewModelPrice } from './prices.ts';
export { listPrices } from './list-prices.ts';
export {
  reconcile,
  type BalanceDifference,
  type ReconciliationReport,
  type UnexplainedUsageDebit,
  type UsageDebitDifference,
} from './reconciliation.ts';
export { nameBasedUuid } from './name-based-uuid.ts';
export { canonicalJson, type JsonValue } from './audit/canonical-json.ts';
export {
  auditRecordHash,
  canonicalAuditEncoding,
  genesisHash,
  type AuditKind,
  type AuditRecord,
} from './audit/audit-record.ts';
export {
  appendAuditRecords,
  lockAuditChain,
  type AppendedAuditRecord,
} from './audit/audit-chain-append.ts';
export {
  verifyAuditChain,
  type AuditChainBreak,
  type AuditChainCheckpoint,
  type AuditChainVerdict,
} from './audit/audit-chain-verify.ts';
