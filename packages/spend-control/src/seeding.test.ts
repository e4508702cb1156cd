import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

describe('seeding from PostgreSQL', () => {
  let fixture: SpendFixture;
  beforeEach(() => {
    fixture = new SpendFixture();
  });
  afterEach(() => fixture.close());

  it('seeds a wallet and budgets on first use and admits in the same call', async () => {
    const wallet = id();
    const budget = { scope: 'org', scopeId: id(), period: 'total' } as const;
    fixture.tables.wallet(wallet, 7000, -100);
    fixture.tables.budget(budget, 9000, 2500);
    const spend = fixture.spendControl();

    expect(await spend.admit(admission(wallet, 1000, { budgets: [budget] }))).toMatchObject({
      admitted: true,
    });

    expect(fixture.tables.requests).toEqual([
      { kind: 'wallet', accountId: wallet },
      { kind: 'budget', budget, periodKey: 'all', from: null, until: null },
    ]);
    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toEqual({
      balance: '7000',
      floor: '-100',
      reserved: '1000',
      version: '0',
    });
    expect(await fixture.redis.hgetall(spend.keys.budget(budget, 'all'))).toEqual({
      limit: '9000',
      spent: '2500',
      reserved: '1000',
    });
    expect(spend.counts.seededKeys).toBe(2);
  });

  it('does not ask PostgreSQL again once Redis holds the keys', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 7000);
    const spend = fixture.spendControl();
    await spend.admit(admission(wallet, 1000));

    fixture.tables.wallet(wallet, 1); // PostgreSQL changes; Redis keeps its own count
    expect(await spend.admit(admission(wallet, 1000))).toMatchObject({ admitted: true });

    expect(fixture.tables.requests).toHaveLength(1);
  });

  it('asks PostgreSQL once for many concurrent first requests in one process', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 100_000);
    const spend = fixture.spendControl();

    await Promise.all(Array.from({ length: 50 }, () => spend.admit(admission(wallet, 1000))));

    expect(fixture.tables.requests).toHaveLength(1);
  });

  it('never overwrites a key another process seeded and reserved against meanwhile', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 5000);
    const fast = fixture.spendControl();
    let fastDone: () => void = () => {};
    const fastAdmitted = new Promise<void>((resolve) => (fastDone = resolve));
    let slowReading: () => void = () => {};
    const slowRead = new Promise<void>((resolve) => (slowReading = resolve));
    // This process read PostgreSQL before a top-up... and writes after the other one reserved.
    const slow = fixture.spendControl({
      seed: async (requests) => {
        slowReading();
        await fastAdmitted;
        return requests.map(() => ({ balanceMicros: 1_000_000, floorMicros: 0 }));
      },
    });

    const slowAdmission = slow.admit(admission(wallet, 1000));
    await slowRead;
    expect(await fast.admit(admission(wallet, 5000))).toMatchObject({ admitted: true });
    fastDone();

    expect(await slowAdmission).toMatchObject({ admitted: false, code: 'insufficient_quota' });
    expect(await fixture.redis.hgetall(fast.keys.wallet(wallet))).toMatchObject({
      balance: '5000',
      reserved: '5000',
    });
  });

  it('passes on a failure to read PostgreSQL', async () => {
    const spend = fixture.spendControl();

    await expect(spend.admit(admission(id(), 1000))).rejects.toThrow(/no row/);
  });
});
