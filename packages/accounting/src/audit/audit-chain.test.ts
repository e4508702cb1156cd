import { randomUUID } from 'node:crypto';
import { sql, type DatabasePool, type DatabaseTransactionConnection } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tamperedThenRolledBack, testPool } from '../test-support/database-fixtures.ts';
import { appendAuditRecords } from './audit-chain-append.ts';
import { verifyAuditChain, type AuditChainCheckpoint } from './audit-chain-verify.ts';
import { auditRecordHash, genesisHash, type AuditRecord } from './audit-record.ts';
import { canonicalJson } from './canonical-json.ts';

let pool: DatabasePool;
beforeAll(async () => {
  pool = await testPool();
});
afterAll(() => pool.end());

const keyChange = (n: number): AuditRecord => ({
  id: randomUUID(),
  kind: 'key.created',
  subject: `key:${randomUUID()}`,
  payload: { n, name: `key ${n}`, allowedModels: ['gpt-4o-mini'], limits: { rpm: 60, tpm: null } },
  occurredAt: Date.now(),
});

const ChainRow = z.object({
  seq: z.bigint(),
  id: z.string(),
  prevHash: z.instanceof(Buffer),
  hash: z.instanceof(Buffer),
});

/**
 * Appends three records in one transaction; returns them as stored, in seq order, and the
 * record before them as a checkpoint to verify from (verifying the whole, shared log in
 * every test would make each test slower as the log grows).
 */
async function appendThree() {
  const records = [keyChange(1), keyChange(2), keyChange(3)];
  await pool.transaction((tx) => appendAuditRecords(tx, records));
  const rows = (
    await pool.any(sql.type(ChainRow)`
      SELECT seq, id, prev_hash AS "prevHash", hash FROM audit_log
      WHERE id = ANY(${sql.array(
        records.map((r) => r.id),
        'uuid',
      )}) ORDER BY seq`)
  ).map((r) => ({ ...r, seq: Number(r.seq) }));
  const before = await pool.maybeOneFirst(
    sql.type(z.object({ seq: z.bigint() }))`
      SELECT seq FROM audit_log WHERE seq < ${rows[0]!.seq} ORDER BY seq DESC LIMIT 1`,
  );
  const checkpoint =
    before === null ? undefined : { seq: Number(before), hash: rows[0]!.prevHash.toString('hex') };
  return { records, rows, checkpoint };
}

const checkpointOf = (row: { seq: number; hash: Buffer }): AuditChainCheckpoint => ({
  seq: row.seq,
  hash: row.hash.toString('hex'),
});

describe('canonical encoding', () => {
  it('is the same whatever the key order, and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ b: 1, a: { d: [true, null, 'x'], c: 2.5 } })).toBe(
      '{"a":{"c":2.5,"d":[true,null,"x"]},"b":1}',
    );
    expect(canonicalJson({ a: 1, b: undefined as never })).toBe('{"a":1}');
    expect(() => canonicalJson(Number.NaN)).toThrow(TypeError);
    expect(() => canonicalJson(1n as never)).toThrow(TypeError);
  });
});

describe('the audit chain', () => {
  it('links each record to the previous one, and verifies while others append', async () => {
    const { records, rows } = await appendThree();
    expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(rows[0]!.hash).toEqual(auditRecordHash(records[0]!, rows[0]!.prevHash));
    expect(rows[1]!.prevHash).toEqual(rows[0]!.hash);
    expect(rows[2]!.prevHash).toEqual(rows[1]!.hash);
    expect(rows[2]!.hash).toEqual(auditRecordHash(records[2]!, rows[1]!.hash));

    // Concurrent writers, each in its own transaction, still make one chain.
    const [verdict] = await Promise.all([
      verifyAuditChain(pool, { pageSize: 2_000 }),
      ...Array.from({ length: 8 }, (_, i) =>
        pool.transaction((tx) => appendAuditRecords(tx, [keyChange(i), keyChange(i + 100)])),
      ),
    ]);
    expect(verdict).toMatchObject({ ok: true });
    expect(verdict.ok && verdict.lastSeq! >= rows[2]!.seq).toBe(true);
    // From a checkpoint, only what follows it is checked.
    const since = await verifyAuditChain(pool, { after: checkpointOf(rows[2]!) });
    expect(since.ok && since.records >= 16).toBe(true);
    expect(await pool.transaction((tx) => appendAuditRecords(tx, []))).toEqual([]);
    await expect(
      pool.transaction((tx) => appendAuditRecords(tx, [{ ...keyChange(0), occurredAt: 1.5 }])),
    ).rejects.toThrow(RangeError);
  });

  it('starts from 32 zero bytes', async () => {
    const first = await pool.maybeOne(
      sql.type(z.object({ prevHash: z.instanceof(Buffer) }))`
        SELECT prev_hash AS "prevHash" FROM audit_log ORDER BY seq LIMIT 1`,
    );
    expect(first?.prevHash).toEqual(genesisHash);
  });

  it('reports a checkpoint that is no longer there', async () => {
    const { rows } = await appendThree();
    const forged = { seq: rows[0]!.seq, hash: '00'.repeat(32) };
    expect(await verifyAuditChain(pool, { after: forged })).toMatchObject({
      ok: false,
      reason: 'altered',
      firstBadSeq: rows[0]!.seq,
    });
    expect(await verifyAuditChain(pool, { after: { seq: -1, hash: forged.hash } })).toMatchObject({
      ok: false,
      reason: 'removed',
    });
  });

  it('refuses UPDATE and DELETE: the log is append-only', async () => {
    const { rows } = await appendThree();
    const seq = rows[0]!.seq;
    await expect(
      pool.query(sql.unsafe`UPDATE audit_log SET payload = '{}' WHERE seq = ${seq}`),
    ).rejects.toThrow(/audit_log is append-only: UPDATE/);
    await expect(pool.query(sql.unsafe`DELETE FROM audit_log WHERE seq = ${seq}`)).rejects.toThrow(
      /audit_log is append-only: DELETE/,
    );
  });
});

describe('verification of a tampered chain (as a superuser, triggers off, rolled back)', () => {
  const verifyAfter = (
    tamper: (tx: DatabaseTransactionConnection) => Promise<unknown>,
    after?: AuditChainCheckpoint,
  ) =>
    tamperedThenRolledBack(pool, async (tx) => {
      await tamper(tx);
      return verifyAuditChain(tx, after ? { after } : {});
    });

  it('names a record whose payload was altered, checking the whole log', async () => {
    const { records, rows } = await appendThree();
    const verdict = await verifyAfter((tx) =>
      tx.query(sql.unsafe`
        UPDATE audit_log SET payload = jsonb_set(payload, '{name}', '"forged"') WHERE seq = ${rows[1]!.seq}`),
    );
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'altered',
      firstBadSeq: rows[1]!.seq,
      firstBadId: records[1]!.id,
      lastGoodSeq: rows[0]!.seq,
    });
    // Rolled back: nobody else saw it.
    expect((await verifyAuditChain(pool, { after: checkpointOf(rows[0]!) })).ok).toBe(true);
  });

  it('names the record after one that was removed', async () => {
    const { rows, checkpoint } = await appendThree();
    const verdict = await verifyAfter(
      (tx) => tx.query(sql.unsafe`DELETE FROM audit_log WHERE seq = ${rows[1]!.seq}`),
      checkpoint,
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'removed', firstBadSeq: rows[2]!.seq });
    if (!verdict.ok) expect(verdict.detail).toContain(rows[1]!.hash.toString('hex'));
  });

  it('names the first of two records that were swapped', async () => {
    const { rows, checkpoint } = await appendThree();
    const [a, , c] = rows;
    const verdict = await verifyAfter(async (tx) => {
      // seq cannot be rewritten (GENERATED ALWAYS): swap everything else. The unique id and
      // hash are moved out of the way first.
      await tx.query(sql.unsafe`
        CREATE TEMP TABLE swapped ON COMMIT DROP AS
        SELECT * FROM audit_log WHERE seq IN (${a!.seq}, ${c!.seq})`);
      await tx.query(sql.unsafe`
        UPDATE audit_log SET id = gen_random_uuid(), hash = sha256(hash)
        WHERE seq IN (${a!.seq}, ${c!.seq})`);
      await tx.query(sql.unsafe`
        UPDATE audit_log t SET id = s.id, kind = s.kind, subject = s.subject, payload = s.payload,
          occurred_at = s.occurred_at, prev_hash = s.prev_hash, hash = s.hash
        FROM swapped s
        WHERE (t.seq, s.seq) IN ((${a!.seq}, ${c!.seq}), (${c!.seq}, ${a!.seq}))`);
    }, checkpoint);
    expect(verdict).toMatchObject({
      ok: false,
      reason: 'reordered',
      firstBadSeq: a!.seq,
      firstBadId: c!.id,
    });
  });

  it('catches a record rewritten with a recomputed hash at the record after it', async () => {
    const { records, rows, checkpoint } = await appendThree();
    const forged = { ...records[1]!, payload: { ...records[1]!.payload, name: 'forged' } };
    const verdict = await verifyAfter(
      (tx) =>
        tx.query(sql.unsafe`
        UPDATE audit_log SET payload = ${sql.jsonb(forged.payload)},
          hash = ${sql.binary(auditRecordHash(forged, rows[1]!.prevHash))}
        WHERE seq = ${rows[1]!.seq}`),
      checkpoint,
    );
    expect(verdict).toMatchObject({ ok: false, reason: 'removed', firstBadSeq: rows[2]!.seq });
  });
});
