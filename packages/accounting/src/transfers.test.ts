import { randomUUID } from 'node:crypto';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountBalance, ensureWallet, systemAccountId } from './accounts.ts';
import { reconcile } from './reconciliation.ts';
import { newOrganization, newTeam, testPool } from './test-support/database-fixtures.ts';
import { postTransfers, usageTransferId, type Transfer } from './transfers.ts';

let pool: DatabasePool;
let orgId: string;
let alice: string;
let bob: string;

beforeAll(async () => {
  pool = await testPool();
  orgId = await newOrganization(pool);
  alice = await ensureWallet(pool, { orgId });
  bob = await ensureWallet(pool, { orgId, teamId: await newTeam(pool, orgId), floorMicros: -5 });
});
afterAll(() => pool.end());

const move = (from: string, to: string, amountMicros: number): Transfer => ({
  id: randomUUID(),
  debitAccountId: from,
  creditAccountId: to,
  amountMicros,
  kind: 'adjustment',
});

describe('wallets', () => {
  it('gives an organization and each of its teams one wallet each, however often asked', async () => {
    expect(await ensureWallet(pool, { orgId })).toBe(alice);
    const [again, twice] = await Promise.all([
      ensureWallet(pool, { orgId, teamId: null }),
      ensureWallet(pool, { orgId }),
    ]);
    expect(again).toBe(alice);
    expect(twice).toBe(alice);
    expect(bob).not.toBe(alice);
    const floor = await pool.oneFirst(
      sql.type(
        z.object({ f: z.bigint() }),
      )`SELECT floor_micros AS f FROM accounts WHERE id = ${bob}`,
    );
    expect(floor).toBe(-5n);
  });

  it('finds the two system accounts', async () => {
    const revenue = await systemAccountId(pool, 'revenue');
    const funding = await systemAccountId(pool, 'funding');
    expect(revenue).not.toBe(funding);
  });
});

describe('transfers', () => {
  it('moves balances by exactly the transfers, credits minus debits', async () => {
    const posted = await postTransfers(pool, [
      move(alice, bob, 700),
      move(bob, alice, 200),
      move(alice, bob, 1),
    ]);
    expect(posted.size).toBe(3);
    expect(await accountBalance(pool, alice)).toBe(-501n);
    expect(await accountBalance(pool, bob)).toBe(501n);
    expect((await reconcile(pool, { orgId })).balances).toEqual([]);
  });

  it('treats a retried transfer as a no-op, not a second movement', async () => {
    const before = await accountBalance(pool, bob);
    const transfer = move(alice, bob, 50);
    expect([...(await postTransfers(pool, [transfer]))]).toEqual([transfer.id]);
    expect((await postTransfers(pool, [transfer, transfer])).size).toBe(0);
    await Promise.all([postTransfers(pool, [transfer]), postTransfers(pool, [transfer])]);
    expect(await accountBalance(pool, bob)).toBe(before + 50n);
  });

  it('refuses amounts that are not positive integers of micros', async () => {
    await expect(postTransfers(pool, [move(alice, bob, 0)])).rejects.toThrow(RangeError);
    await expect(postTransfers(pool, [move(alice, bob, 1.5)])).rejects.toThrow(RangeError);
    expect((await postTransfers(pool, [])).size).toBe(0);
  });

  it('refuses UPDATE, DELETE and TRUNCATE: transfers are immutable', async () => {
    const transfer = move(alice, bob, 3);
    await postTransfers(pool, [transfer]);
    await expect(
      pool.query(sql.unsafe`UPDATE transfers SET amount_micros = 1 WHERE id = ${transfer.id}`),
    ).rejects.toThrow(/append-only: UPDATE/);
    await expect(
      pool.query(sql.unsafe`DELETE FROM transfers WHERE id = ${transfer.id}`),
    ).rejects.toThrow(/append-only: DELETE/);
    await expect(
      pool.transaction((tx) => tx.query(sql.unsafe`TRUNCATE transfers`)),
    ).rejects.toThrow(/append-only/);
  });

  it('derives one usage transfer id per request id', () => {
    const id = usageTransferId('req-1');
    expect(id).toBe(usageTransferId('req-1'));
    expect(id).not.toBe(usageTransferId('req-2'));
    expect(z.uuid().safeParse(id).success).toBe(true);
  });
});
