import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Admission } from './admission.ts';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

const countAdmitted = (admissions: Admission[]) => admissions.filter((a) => a.admitted).length;

describe('admission under concurrency', () => {
  let fixture: SpendFixture;
  beforeEach(() => {
    fixture = new SpendFixture();
  });
  afterEach(() => fixture.close());

  it('admits exactly as many of 200 concurrent requests as the wallet covers', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const spend = fixture.spendControl();

    const admissions = await Promise.all(
      Array.from({ length: 200 }, () => spend.admit(admission(wallet, 1000))),
    );

    expect(countAdmitted(admissions)).toBe(10);
    const refused = admissions.find((a) => !a.admitted);
    expect(refused).toMatchObject({
      status: 429,
      code: 'insufficient_quota',
      rejectedBy: { kind: 'wallet' },
    });
    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toMatchObject({
      balance: '10000',
      reserved: '10000',
    });
  });

  it('admits exactly as many as a team budget shared by five keys covers', async () => {
    const wallet = id();
    const team = id();
    const keys = Array.from({ length: 5 }, id);
    fixture.tables.wallet(wallet, 1_000_000_000);
    fixture.tables.budget({ scope: 'team', scopeId: team, period: 'total' }, 10_000);
    for (const key of keys)
      fixture.tables.budget({ scope: 'key', scopeId: key, period: 'total' }, 1_000_000);
    const spend = fixture.spendControl();

    const admissions = await Promise.all(
      Array.from({ length: 200 }, (_, i) => {
        const key = keys[i % keys.length] ?? '';
        const budgets = [
          { scope: 'key', scopeId: key, period: 'total' },
          { scope: 'team', scopeId: team, period: 'total' },
        ] as const;
        return spend.admit(admission(wallet, 1000, { budgets }));
      }),
    );

    expect(countAdmitted(admissions)).toBe(10);
    expect(admissions.find((a) => !a.admitted)).toMatchObject({
      code: 'insufficient_quota',
      rejectedBy: { kind: 'budget', budget: { scope: 'team', scopeId: team } },
      message: expect.stringContaining("the team's total budget"),
    });
  });

  it('admits exactly as many across two ingress processes on separate connections', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const first = fixture.spendControl();
    const second = fixture.spendControl();

    const admissions = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        (i % 2 ? first : second).admit(admission(wallet, 1000)),
      ),
    );

    expect(countAdmitted(admissions)).toBe(10);
  });

  it('holds nothing twice when the same request is admitted again', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const spend = fixture.spendControl();
    const request = admission(wallet, 4000);

    const [once, again] = await Promise.all([spend.admit(request), spend.admit(request)]);

    expect([once, again].map((a) => a.admitted && a.duplicate).sort()).toEqual([false, true]);
    expect(await fixture.redis.hget(spend.keys.wallet(wallet), 'reserved')).toBe('4000');
  });
});
