import { randomUUID } from 'node:crypto';
import { accountBalance, nameBasedUuid, reconcile, setPrice } from '@alfred/accounting';
import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRefusedData } from './database-errors.ts';
import {
  createFundedWallet,
  usageEvent,
  type FundedWallet,
} from './test-support/usage-fixtures.ts';
import { UsageBatchWriter } from './usage-batch-writer.ts';

const funding = 1_000_000_000;
let pool: DatabasePool;
let wallet: FundedWallet;
let writer: UsageBatchWriter;

beforeAll(async () => {
  pool = await createDatabasePool(databaseUrlFromEnv());
  wallet = await createFundedWallet(pool, funding);
  writer = new UsageBatchWriter(pool);
});
afterAll(() => pool.end());

const Totals = z.object({
  rows: z.number(),
  costs: z.bigint(),
  debits: z.bigint(),
  debitCount: z.number(),
});
const totals = () =>
  pool.one(sql.type(Totals)`
    SELECT (SELECT count(*) FROM usage_records WHERE org_id = ${wallet.orgId})::int4 AS rows,
           (SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE org_id = ${wallet.orgId})::int8 AS costs,
           (SELECT coalesce(sum(amount_micros), 0) FROM transfers
            WHERE kind = 'usage' AND debit_account_id = ${wallet.accountId})::int8 AS debits,
           (SELECT count(*) FROM transfers
            WHERE kind = 'usage' AND debit_account_id = ${wallet.accountId})::int4 AS "debitCount"`);

describe('writing a usage batch', () => {
  it('writes each request once, however often it is in the batch or delivered again', async () => {
    const before = await totals();
    const events = Array.from({ length: 300 }, () => usageEvent(wallet));
    const withDuplicates = [...events, ...events.slice(0, 50), events[7]!];
    const first = await writer.write(withDuplicates);
    expect(first).toMatchObject({ written: 300, duplicates: 51 });

    // The same batch again (a redelivery after a crash before the acknowledgement), and
    // overlapping batches written at the same time.
    expect(await writer.write(events)).toMatchObject({ written: 0, duplicates: 300 });
    const more = Array.from({ length: 100 }, () => usageEvent(wallet));
    const [a, b] = await Promise.all([
      writer.write([...events.slice(0, 10), ...more]),
      writer.write([...more, ...events.slice(10, 20)]),
    ]);
    expect(a.written + b.written).toBe(100);

    const after = await totals();
    const costs = [...events, ...more].reduce((sum, e) => sum + e.costMicros, 0);
    expect(after.rows - before.rows).toBe(400);
    expect(after.debitCount - before.debitCount).toBe(400);
    expect(after.costs - before.costs).toBe(BigInt(costs));
    expect(after.debits).toBe(after.costs);
    expect(first.debitedMicros).toBe(events.reduce((sum, e) => sum + e.costMicros, 0));
    expect(await accountBalance(pool, wallet.accountId)).toBe(BigInt(funding) - after.debits);
    expect((await reconcile(pool, { orgId: wallet.orgId })).ok).toBe(true);
  });

  it('records a debit of each request that cost something in the audit log', async () => {
    const charged = usageEvent(wallet, { costMicros: 777 });
    const free = usageEvent(wallet, { costMicros: 0 });
    await writer.write([charged, free]);
    const audit = await pool.any(
      sql.type(
        z.object({ id: z.string(), kind: z.string(), subject: z.string(), payload: z.any() }),
      )`
        SELECT id, kind, subject, payload FROM audit_log
        WHERE id = ANY(${sql.array(
          [charged, free].map((e) => nameBasedUuid(`audit:usage:${e.requestId}`)),
          'uuid',
        )})`,
    );
    expect(audit).toEqual([
      {
        id: nameBasedUuid(`audit:usage:${charged.requestId}`),
        kind: 'usage.debit',
        subject: `account:${wallet.accountId}`,
        payload: expect.objectContaining({ requestId: charged.requestId, amountMicros: 777 }),
      },
    ]);
    const freeDebits = await pool.oneFirst(
      sql.type(z.object({ n: z.number() }))`
        SELECT count(*)::int4 AS n FROM transfers WHERE request_id = ${free.requestId}`,
    );
    expect(freeDebits).toBe(0);
    expect((await reconcile(pool, { orgId: wallet.orgId })).ok).toBe(true);
  });

  it('keeps the price a request was charged at', async () => {
    const price = await setPrice(pool, {
      model: `model-${randomUUID()}`,
      input: 1,
      output: 1,
      cachedInput: 1,
    });
    const event = usageEvent(wallet, { priceId: price.id, model: price.model });
    await writer.write([event]);
    const priceId = await pool.oneFirst(
      sql.type(
        z.object({ p: z.string() }),
      )`SELECT price_id AS p FROM usage_records WHERE request_id = ${event.requestId}`,
    );
    expect(priceId).toBe(price.id);
    expect(await writer.write([])).toEqual({ written: 0, duplicates: 0, debitedMicros: 0 });
  });

  it('fails the whole batch, writing nothing, when the database refuses one event', async () => {
    const good = usageEvent(wallet);
    const unknownWallet = usageEvent(wallet, { accountId: randomUUID() });
    const error = await writer.write([good, unknownWallet]).catch((e: unknown) => e);
    expect(isRefusedData(error)).toBe(true);
    expect(isRefusedData(new Error('connection lost'))).toBe(false);
    const written = await pool.exists(
      sql.type(z.object({}))`SELECT 1 FROM usage_records WHERE request_id = ${good.requestId}`,
    );
    expect(written).toBe(false);
  });
});
