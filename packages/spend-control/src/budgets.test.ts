import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

describe('budgets and wallet floors', () => {
  let fixture: SpendFixture;
  beforeEach(() => {
    fixture = new SpendFixture();
  });
  afterEach(() => fixture.close());

  it("starts a daily budget afresh on the next UTC day, under the new day's key", async () => {
    const wallet = id();
    const daily = { scope: 'key', scopeId: id(), period: 'daily' } as const;
    fixture.tables.wallet(wallet, 1_000_000);
    fixture.tables.budget(daily, 5000, 4000, '2031-03-14');
    fixture.tables.budget(daily, 5000, 0, '2031-03-15');
    let now = Date.UTC(2031, 2, 14, 23, 59, 0);
    const spend = fixture.spendControl({ clock: () => now });

    expect(await spend.admit(admission(wallet, 1000, { budgets: [daily] }))).toMatchObject({
      admitted: true,
    });
    expect(await spend.admit(admission(wallet, 1000, { budgets: [daily] }))).toMatchObject({
      admitted: false,
      code: 'insufficient_quota',
      rejectedBy: { kind: 'budget', periodKey: '2031-03-14' },
      message: expect.stringContaining("the key's daily budget"),
    });

    now = Date.UTC(2031, 2, 15, 0, 0, 1);
    expect(await spend.admit(admission(wallet, 5000, { budgets: [daily] }))).toMatchObject({
      admitted: true,
    });

    expect(fixture.tables.requests.filter((r) => r.kind === 'budget')).toEqual([
      {
        kind: 'budget',
        budget: daily,
        periodKey: '2031-03-14',
        from: Date.UTC(2031, 2, 14),
        until: Date.UTC(2031, 2, 15),
      },
      {
        kind: 'budget',
        budget: daily,
        periodKey: '2031-03-15',
        from: Date.UTC(2031, 2, 15),
        until: Date.UTC(2031, 2, 16),
      },
    ]);
  });

  it('moves to the next period with the same budgets array a caller passes every time', async () => {
    // Ingress passes its cached profile's arrays again and again: the plan made for them
    // must not outlive its period.
    const wallet = id();
    const daily = { scope: 'team', scopeId: id(), period: 'daily' } as const;
    const budgets = [daily];
    fixture.tables.wallet(wallet, 1_000_000);
    fixture.tables.budget(daily, 1000, 0, '2031-03-14');
    fixture.tables.budget(daily, 1000, 0, '2031-03-15');
    let now = Date.UTC(2031, 2, 14, 23, 59, 59, 999);
    const spend = fixture.spendControl({ clock: () => now });

    expect(await spend.admit(admission(wallet, 1000, { budgets }))).toMatchObject({
      admitted: true,
    });
    expect(await spend.admit(admission(wallet, 1, { budgets }))).toMatchObject({ admitted: false });
    now += 1;
    expect(await spend.admit(admission(wallet, 1000, { budgets }))).toMatchObject({
      admitted: true,
    });
    const seeded = fixture.tables.requests.flatMap((r) =>
      r.kind === 'budget' ? [r.periodKey] : [],
    );
    expect(seeded).toEqual(['2031-03-14', '2031-03-15']);
  });

  it('lets a dated budget key expire a grace period after its period ends', async () => {
    const wallet = id();
    const monthly = { scope: 'org', scopeId: id(), period: 'monthly' } as const;
    const total = { scope: 'org', scopeId: monthly.scopeId, period: 'total' } as const;
    fixture.tables.wallet(wallet, 1_000_000);
    const thisMonth = new Date().toISOString().slice(0, 7);
    fixture.tables.budget(monthly, 5000, 0, thisMonth);
    fixture.tables.budget(total, 5000);
    const spend = fixture.spendControl({ budgetGraceMs: 3_600_000 });

    await spend.admit(admission(wallet, 1000, { budgets: [monthly, total] }));

    const now = new Date();
    const monthEnds = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
    const expiresAt = await fixture.redis.pexpiretime(spend.keys.budget(monthly, thisMonth));
    expect(expiresAt).toBe(monthEnds + 3_600_000);
    expect(await fixture.redis.pttl(spend.keys.budget(total, 'all'))).toBe(-1);
  });

  it('counts every budget above the key and names the one that refuses', async () => {
    const wallet = id();
    const budgets = [
      { scope: 'key', scopeId: id(), period: 'total' },
      { scope: 'team', scopeId: id(), period: 'total' },
      { scope: 'team', scopeId: id(), period: 'total' },
      { scope: 'org', scopeId: id(), period: 'total' },
    ] as const;
    fixture.tables.wallet(wallet, 1_000_000);
    for (const budget of budgets) fixture.tables.budget(budget, 10_000);
    fixture.tables.budget(budgets[2], 3000); // the parent team is the tightest
    const spend = fixture.spendControl();

    expect(await spend.admit(admission(wallet, 2000, { budgets }))).toMatchObject({
      admitted: true,
    });
    expect(await spend.admit(admission(wallet, 2000, { budgets }))).toMatchObject({
      admitted: false,
      rejectedBy: { kind: 'budget', budget: budgets[2] },
      message: expect.stringContaining('(2000 micro-credits needed, 1000 available)'),
    });
    for (const budget of [budgets[0], budgets[1], budgets[3]]) {
      expect(await fixture.redis.hget(spend.keys.budget(budget, 'all'), 'reserved')).toBe('2000');
    }
  });

  it('lets a wallet spend down to its overdraft floor and no further', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 0, -500);
    const spend = fixture.spendControl();

    const admissions = await Promise.all(
      Array.from({ length: 5 }, () => spend.admit(admission(wallet, 200))),
    );

    expect(admissions.filter((a) => a.admitted)).toHaveLength(2);
    expect(admissions.find((a) => !a.admitted)).toMatchObject({
      code: 'insufficient_quota',
      rejectedBy: { kind: 'wallet', accountId: wallet },
      message: expect.stringContaining('(200 micro-credits needed, 100 available)'),
    });
  });

  it('refuses anything once a wallet with the default floor is empty', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 999);
    const spend = fixture.spendControl();

    expect(await spend.admit(admission(wallet, 1000))).toMatchObject({
      admitted: false,
      status: 429,
    });
    expect(await spend.admit(admission(wallet, 999))).toMatchObject({ admitted: true });
  });

  it('applies a changed budget limit, keeping what was spent and reserved', async () => {
    const wallet = id();
    const budget = { scope: 'team', scopeId: id(), period: 'total' } as const;
    fixture.tables.wallet(wallet, 1_000_000);
    fixture.tables.budget(budget, 1000, 500);
    const spend = fixture.spendControl();
    expect(await spend.updateBudgetLimit(budget, 9000)).toBe(false);
    expect(await spend.admit(admission(wallet, 500, { budgets: [budget] }))).toMatchObject({
      admitted: true,
    });

    expect(await spend.updateBudgetLimit(budget, 3000)).toBe(true);

    expect(await fixture.redis.hgetall(spend.keys.budget(budget, 'all'))).toEqual({
      limit: '3000',
      spent: '500',
      reserved: '500',
    });
    expect(await spend.admit(admission(wallet, 2000, { budgets: [budget] }))).toMatchObject({
      admitted: true,
    });
  });
});
