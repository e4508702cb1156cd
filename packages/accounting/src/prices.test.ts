import { randomUUID } from 'node:crypto';
import { costMicros } from '@alfred/contracts';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nameBasedUuid } from './name-based-uuid.ts';
import { PriceConflictError, priceAt, setPrice } from './prices.ts';
import { testPool } from './test-support/database-fixtures.ts';

let pool: DatabasePool;
beforeAll(async () => {
  pool = await testPool();
});
afterAll(() => pool.end());

const day = 86_400_000;
const jan = Date.UTC(2026, 0, 1);

describe('prices', () => {
  it('charges the price in force at the time, and keeps old prices for old charges', async () => {
    const model = `model-${randomUUID()}`;
    const first = await setPrice(pool, {
      model,
      input: 150_000,
      output: 600_000,
      cachedInput: 75_000,
      effectiveFrom: jan,
    });
    const second = await setPrice(pool, {
      model,
      input: 100_000,
      output: 400_000,
      cachedInput: 50_000,
      effectiveFrom: jan + 30 * day,
    });

    expect(await priceAt(pool, model, jan - 1)).toBeNull();
    expect(await priceAt(pool, model, jan)).toEqual(first);
    expect(await priceAt(pool, model, jan + 29 * day)).toEqual(first);
    expect(await priceAt(pool, model, jan + 30 * day)).toEqual(second);
    expect(await priceAt(pool, model)).toEqual(second);
    expect(first).toMatchObject({ model, inputMicrosPerMillion: 150_000, effectiveFrom: jan });
    expect(costMicros({ input: 1_000_000, output: 0, cachedInput: 0 }, first)).toBe(150_000);
  });

  it('sets the same price twice as a no-op, and refuses to rewrite a price', async () => {
    const model = `model-${randomUUID()}`;
    const price = { model, input: 1, output: 2, cachedInput: 0, effectiveFrom: jan };
    const first = await setPrice(pool, price);
    expect(await setPrice(pool, price)).toEqual(first);
    await expect(setPrice(pool, { ...price, output: 3 })).rejects.toThrow(PriceConflictError);
    await expect(setPrice(pool, { ...price, input: -1 })).rejects.toThrow(RangeError);

    const audit = await pool.any(
      sql.type(z.object({ kind: z.string(), subject: z.string() }))`
        SELECT kind, subject FROM audit_log WHERE id = ${nameBasedUuid(`audit:price:${first.id}`)}`,
    );
    expect(audit).toEqual([{ kind: 'price.set', subject: `model:${model}` }]);
  });

  it('takes effect now when no instant is given', async () => {
    const model = `model-${randomUUID()}`;
    const before = Date.now();
    const price = await setPrice(pool, { model, input: 5, output: 5, cachedInput: 5 });
    expect(price.effectiveFrom).toBeGreaterThanOrEqual(before);
    expect(await priceAt(pool, model)).toEqual(price);
  });
});
