import { randomUUID } from 'node:crypto';
import { sql, type DatabasePool, type DatabaseTransactionConnection } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureWallet, systemAccountId } from './accounts.ts';
import { reconcile } from './reconciliation.ts';
import {
  newOrganization,
  rolledBack,
  tamperedThenRolledBack,
  testPool,
} from './test-support/database-fixtures.ts';
import { topUp } from './top-ups.ts';
import { postTransfers, usageTransferId } from './transfers.ts';

let pool: DatabasePool;
let orgId: string;
let wallet: string;
let revenue: string;

beforeAll(async () => {
  pool = await testPool();
  orgId = await newOrganization(pool);
  wallet = await ensureWallet(pool, { orgId });
  revenue = await systemAccountId(pool, 'revenue');
  await topUp(pool, { id: randomUUID(), accountId: wallet, amountMicros: 1_000_000 });
});
afterAll(() => pool.end());

/** A usage row as the ledger writes it; with `debit`, its usage transfer too. */
async function usage(
  tx: DatabaseTransactionConnection,
  costMicros: number,
  options: { debit?: number | false } = {},
): Promise<string> {
  const requestId = `req-${randomUUID()}`;
  await tx.query(sql.unsafe`
    INSERT INTO usage_records (request_id, org_id, key_id, account_id, model, deployment, operation,
      input_tokens, output_tokens, cached_input_tokens, cost_micros, latency_ms, cache_status,
      outcome, occurred_at)
    VALUES (${requestId}, ${orgId}, ${randomUUID()}, ${wallet}, 'gpt-4o-mini', 'fake', 'chat.completions',
      10, 10, 0, ${costMicros}, 1, 'miss', 'success', now())`);
  const debit = options.debit ?? costMicros;
  if (debit !== false && debit > 0) {
    await postTransfers(tx, [
      {
        id: usageTransferId(requestId),
        debitAccountId: wallet,
        creditAccountId: revenue,
        amountMicros: debit,
        kind: 'usage',
        requestId,
      },
    ]);
  }
  return requestId;
}

describe('reconciliation', () => {
  it('finds nothing to report when every balance and debit agrees', async () => {
    await pool.transaction(async (tx) => {
      await usage(tx, 1_234);
      await usage(tx, 0);
    });
    const report = await reconcile(pool, { orgId });
    expect(report).toMatchObject({ ok: true, checked: { accounts: 1, usageRecords: 2 } });
  });

  it('reports a balance that no longer equals its transfers', async () => {
    const report = await tamperedThenRolledBack(pool, async (tx) => {
      await tx.query(
        sql.unsafe`UPDATE accounts SET balance_micros = balance_micros + 7 WHERE id = ${wallet}`,
      );
      return reconcile(tx, { orgId });
    });
    expect(report.ok).toBe(false);
    expect(report.balances).toEqual([
      {
        accountId: wallet,
        kind: 'wallet',
        balanceMicros: 1_000_000n - 1_234n + 7n,
        transfersMicros: 1_000_000n - 1_234n,
      },
    ]);
  });

  it('reports usage without its debit, with a debit of another amount, and a debit without usage', async () => {
    const report = await rolledBack(pool, async (tx) => {
      const undebited = await usage(tx, 500, { debit: false });
      const misdebited = await usage(tx, 500, { debit: 499 });
      const orphan = `req-${randomUUID()}`;
      await postTransfers(tx, [
        {
          id: usageTransferId(orphan),
          debitAccountId: wallet,
          creditAccountId: revenue,
          amountMicros: 42,
          kind: 'usage',
          requestId: orphan,
        },
      ]);
      return { report: await reconcile(tx, { orgId }), undebited, misdebited, orphan };
    });
    expect(report.report.ok).toBe(false);
    expect(report.report.balances).toEqual([]);
    expect(report.report.usageDebits).toEqual(
      expect.arrayContaining([
        { requestId: report.undebited, costMicros: 500n, debitedMicros: 0n, debitTransfers: 0 },
        { requestId: report.misdebited, costMicros: 500n, debitedMicros: 499n, debitTransfers: 1 },
      ]),
    );
    expect(report.report.unexplainedDebits).toEqual([
      { transferId: usageTransferId(report.orphan), requestId: report.orphan, amountMicros: 42n },
    ]);
  });

  it('checks every organization and the system accounts when not scoped', async () => {
    const report = await reconcile(pool);
    expect(report.checked.accounts).toBeGreaterThanOrEqual(3);
    expect(report.balances.filter((b) => b.kind !== 'wallet')).toEqual([]);
  });
});
