import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';
import { auditRecordHash, genesisHash } from './audit-record.ts';

export type AuditChainBreak = 'altered' | 'removed' | 'reordered';

/** A record already verified (a previous verdict's `lastSeq` and `headHash`). */
export interface AuditChainCheckpoint {
  seq: number;
  /** Hex. */
  hash: string;
}

export type AuditChainVerdict =
  | {
      ok: true;
      /** Records checked. */
      records: number;
      lastSeq: number | null;
      /** Hash of the last record (hex): keep it elsewhere to detect a cut-off tail later. */
      headHash: string | null;
    }
  | {
      ok: false;
      /** Records checked and found intact before the first bad one. */
      records: number;
      firstBadSeq: number;
      firstBadId: string;
      /** The last record that is still intact, if any. */
      lastGoodSeq: number | null;
      reason: AuditChainBreak;
      detail: string;
    };

const AuditRow = z.object({
  seq: z.bigint(),
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  payload: z.record(z.string(), z.json()),
  occurredAt: z.number(),
  prevHash: z.instanceof(Buffer),
  hash: z.instanceof(Buffer),
});
type AuditRow = z.infer<typeof AuditRow>;

/**
 * Walks the whole audit log in `seq` order, a page at a time, recomputing every hash and
 * checking that each record points at the one before. Stops at the first break and says
 * what it looks like:
 * - `altered`: the record's content no longer gives its hash;
 * - `reordered`: the record is intact but follows another record of the log;
 * - `removed`: the record is intact but the record it follows is gone (or was rewritten
 *   together with its hash).
 * Records appended while it runs are checked too. A cut-off tail is only visible against
 * a `headHash` kept elsewhere.
 *
 * With `after`, only the records after that checkpoint are checked (the checkpoint itself
 * must still be there with the same hash): an incremental check from the last verdict.
 */
export async function verifyAuditChain(
  db: CommonQueryMethods,
  options: { pageSize?: number; after?: AuditChainCheckpoint } = {},
): Promise<AuditChainVerdict> {
  const pageSize = options.pageSize ?? 5_000;
  let expectedPrev = genesisHash;
  let lastSeq: bigint | null = null;
  let records = 0;
  if (options.after) {
    const { seq, hash } = options.after;
    const stored = await db.maybeOneFirst(
      sql.type(
        z.object({ hash: z.instanceof(Buffer) }),
      )`SELECT hash FROM audit_log WHERE seq = ${seq}`,
    );
    if (!stored || stored.toString('hex') !== hash) {
      return {
        ok: false,
        records: 0,
        firstBadSeq: seq,
        firstBadId: '',
        lastGoodSeq: null,
        reason: stored ? 'altered' : 'removed',
        detail: `the checkpoint record ${seq} ${stored ? 'no longer has hash ' + hash : 'is missing'}`,
      };
    }
    expectedPrev = stored;
    lastSeq = BigInt(seq);
  }
  for (;;) {
    const page: readonly AuditRow[] = await db.any(sql.type(AuditRow)`
      SELECT seq, id, kind, subject, payload,
             (extract(epoch FROM occurred_at) * 1000)::float8 AS "occurredAt",
             prev_hash AS "prevHash", hash
      FROM audit_log WHERE seq > ${lastSeq ?? -1n} ORDER BY seq LIMIT ${pageSize}`);
    for (const row of page) {
      const reason = await breakAt(db, row, expectedPrev);
      if (reason) {
        return {
          ok: false,
          records,
          firstBadSeq: Number(row.seq),
          firstBadId: row.id,
          lastGoodSeq: lastSeq === null ? null : Number(lastSeq),
          reason: reason.kind,
          detail: reason.detail,
        };
      }
      expectedPrev = row.hash;
      lastSeq = row.seq;
      records++;
    }
    if (page.length < pageSize) break;
  }
  return {
    ok: true,
    records,
    lastSeq: lastSeq === null ? null : Number(lastSeq),
    headHash: lastSeq === null ? null : expectedPrev.toString('hex'),
  };
}

async function breakAt(
  db: CommonQueryMethods,
  row: AuditRow,
  expectedPrev: Buffer,
): Promise<{ kind: AuditChainBreak; detail: string } | null> {
  const recomputed = auditRecordHash(row, row.prevHash);
  if (!recomputed.equals(row.hash)) {
    return {
      kind: 'altered',
      detail: `record ${row.seq} (${row.id}, ${row.kind}) does not match its hash: its content, previous hash or hash was changed`,
    };
  }
  if (row.prevHash.equals(expectedPrev)) return null;
  const followed = await db.maybeOneFirst(
    sql.type(
      z.object({ seq: z.bigint() }),
    )`SELECT seq FROM audit_log WHERE hash = ${sql.binary(row.prevHash)}`,
  );
  if (followed !== null) {
    return {
      kind: 'reordered',
      detail: `record ${row.seq} (${row.id}) belongs right after record ${followed}, not here`,
    };
  }
  return {
    kind: 'removed',
    detail: `the record before ${row.seq} (${row.id}), with hash ${row.prevHash.toString('hex')}, is missing`,
  };
}
