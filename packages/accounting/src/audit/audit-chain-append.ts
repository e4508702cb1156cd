import { sql, type DatabaseTransactionConnection } from 'slonik';
import { z } from 'zod';
import { auditRecordHash, genesisHash, type AuditRecord } from './audit-record.ts';
import { canonicalJson } from './canonical-json.ts';

/**
 * Serializes every writer of the audit log for the rest of its transaction, so the chain
 * has one order and `seq` follows it. A transaction that appends takes this before it
 * touches any account row: taking it first everywhere keeps writers from deadlocking.
 */
export async function lockAuditChain(tx: DatabaseTransactionConnection): Promise<void> {
  await tx.query(sql.unsafe`SELECT pg_advisory_xact_lock(hashtextextended('alfred.audit_log', 0))`);
}

export interface AppendedAuditRecord {
  id: string;
  hash: Buffer;
}

/**
 * Appends `records` to the chain, in order, inside the caller's transaction (the records
 * commit with the transfers they describe, or not at all). Returns their hashes.
 */
export async function appendAuditRecords(
  tx: DatabaseTransactionConnection,
  records: readonly AuditRecord[],
): Promise<AppendedAuditRecord[]> {
  if (records.length === 0) return [];
  for (const record of records) {
    // The log keeps milliseconds: a fraction would be hashed but not stored.
    if (!Number.isSafeInteger(record.occurredAt))
      throw new RangeError(`audit record ${record.id}: occurredAt must be whole milliseconds`);
  }
  await lockAuditChain(tx);
  // A separate statement from the lock: under READ COMMITTED it sees what the previous
  // holder of the lock committed.
  const last = await tx.maybeOneFirst(
    sql.type(z.object({ hash: z.instanceof(Buffer) }))`
      SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
  );
  let prevHash = last ?? genesisHash;
  const appended: AppendedAuditRecord[] = [];
  const rows = records.map((record) => {
    const hash = auditRecordHash(record, prevHash);
    const row = [
      record.id.toLowerCase(),
      record.kind,
      record.subject,
      canonicalJson(record.payload),
      new Date(record.occurredAt).toISOString(),
      prevHash,
      hash,
    ];
    appended.push({ id: record.id.toLowerCase(), hash });
    prevHash = hash;
    return row;
  });
  // WITH ORDINALITY … ORDER BY: identity values are drawn in the order rows are inserted,
  // so seq follows the chain.
  await tx.query(sql.unsafe`
    INSERT INTO audit_log (id, kind, subject, payload, occurred_at, prev_hash, hash)
    SELECT id, kind, subject, payload, occurred_at, prev_hash, hash
    FROM ${sql.unnest(rows, ['uuid', 'text', 'text', 'jsonb', 'timestamptz', 'bytea', 'bytea'])}
      WITH ORDINALITY AS r (id, kind, subject, payload, occurred_at, prev_hash, hash, n)
    ORDER BY n`);
  return appended;
}
