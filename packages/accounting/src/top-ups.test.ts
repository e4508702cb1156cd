import { randomUUID } from 'node:crypto';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance, ensureWallet } from './accounts.ts';
import { nameBasedUuid } from './name-based-uuid.ts';
import { reconcile } from './reconciliation.ts';
import { newOrganization, testPool } from './test-support/database-fixtures.ts';
import { refund, topUp, TransferIdConflictError } from './top-ups.ts';

let pool: DatabasePool;
let orgId: string;
let wallet: string;

beforeAll(async () => {
  pool = await testPool();
  orgId = await newOrganization(pool);
  wallet = await ensureWallet(pool, { orgId });
});
afterAll(() => pool.end());

const AuditRow = z.object({ kind: z.string(), subject: z.string(), payload: z.any() });
const auditRecordsOf = (transferId: string) =>
  pool.any(sql.type(AuditRow)`
    SELECT kind, subject, payload FROM audit_log WHERE id = ${nameBasedUuid(`audit:${transferId}`)}`);

const TransferRow = z.object({ debitKind: z.string(), kind: z.string(), amount: z.bigint() });
const transferOf = (id: string) =>
  pool.one(sql.type(TransferRow)`
    SELECT a.kind AS "debitKind", t.kind, t.amount_micros AS amount
    FROM transfers t JOIN accounts a ON a.id = t.debit_account_id WHERE t.id = ${id}`);

describe('top-ups and refunds', () => {
  it('credits a wallet from the funding account and records it in the audit log', async () => {
    const id = randomUUID();
    const posted = await topUp(pool, {
      id,
      accountId: wallet,
      amountMicros: 25_000_000,
      memo: 'invoice 42',
      actor: 'admin@example.com',
    });
    expect(posted).toEqual({ transferId: id, created: true });
    expect(await accountBalance(pool, wallet)).toBe(25_000_000n);
    expect(await transferOf(id)).toEqual({
      debitKind: 'funding',
      kind: 'topup',
      amount: 25_000_000n,
    });
    expect(await auditRecordsOf(id)).toEqual([
      {
        kind: 'wallet.topup',
        subject: `account:${wallet}`,
        payload: {
          transferId: id,
          accountId: wallet,
          amountMicros: 25_000_000,
          memo: 'invoice 42',
          actor: 'admin@example.com',
          requestId: null,
        },
      },
    ]);
  });

  it('treats a retried top-up as a no-op: one transfer, one audit record', async () => {
    const before = await accountBalance(pool, wallet);
    const credit = { id: randomUUID(), accountId: wallet, amountMicros: 1_000 };
    const results = await Promise.all([
      topUp(pool, credit),
      topUp(pool, credit),
      topUp(pool, credit),
    ]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await accountBalance(pool, wallet)).toBe(before + 1_000n);
    expect(await auditRecordsOf(credit.id)).toHaveLength(1);
  });

  it('refuses to reuse a transfer id for another amount', async () => {
    const id = randomUUID();
    await topUp(pool, { id, accountId: wallet, amountMicros: 10 });
    await expect(topUp(pool, { id, accountId: wallet, amountMicros: 11 })).rejects.toThrow(
      TransferIdConflictError,
    );
    await expect(refund(pool, { id, accountId: wallet, amountMicros: 10 })).rejects.toThrow(
      TransferIdConflictError,
    );
    await expect(
      topUp(pool, { id: 'not-a-uuid', accountId: wallet, amountMicros: 1 }),
    ).rejects.toThrow();
  });

  it('refunds from the revenue account, with its own audit record', async () => {
    const before = await accountBalance(pool, wallet);
    const id = randomUUID();
    await refund(pool, { id, accountId: wallet, amountMicros: 4_200, requestId: 'req-refunded' });
    expect(await accountBalance(pool, wallet)).toBe(before + 4_200n);
    expect(await transferOf(id)).toEqual({ debitKind: 'revenue', kind: 'refund', amount: 4_200n });
    const [record] = await auditRecordsOf(id);
    expect(record).toMatchObject({
      kind: 'wallet.refund',
      payload: { amountMicros: 4_200, requestId: 'req-refunded' },
    });
    expect((await reconcile(pool, { orgId })).ok).toBe(true);
  });
});
