import { createHash } from 'node:crypto';
import { canonicalJson, type JsonValue } from './canonical-json.ts';

/**
 * What a record is about. Written here: `usage.debit`, `wallet.topup`, `wallet.refund`,
 * `price.set`; admin-api adds key and policy kinds (`key.created`, `budget.changed`, …).
 */
export type AuditKind = string;

export interface AuditRecord {
  /** A UUID chosen by the writer (derived from what it records, so a retry cannot add it twice). */
  id: string;
  kind: AuditKind;
  /** What the record is about, `type:id`: `account:…`, `key:…`, `model:…`. */
  subject: string;
  payload: { [key: string]: JsonValue };
  /** Milliseconds since the epoch (the log keeps milliseconds). */
  occurredAt: number;
}

/** The previous hash of the first record. */
export const genesisHash: Buffer = Buffer.alloc(32);

/** The bytes a record's hash covers, apart from the previous hash. */
export function canonicalAuditEncoding(record: AuditRecord): Buffer {
  return Buffer.from(
    canonicalJson({
      id: record.id.toLowerCase(),
      kind: record.kind,
      subject: record.subject,
      payload: record.payload,
      occurredAt: record.occurredAt,
    }),
    'utf8',
  );
}

/** sha256(canonical record ‖ previous record's hash): each record commits to all before it. */
export function auditRecordHash(record: AuditRecord, prevHash: Buffer): Buffer {
  return createHash('sha256').update(canonicalAuditEncoding(record)).update(prevHash).digest();
}
