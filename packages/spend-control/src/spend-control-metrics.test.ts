import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CounterLike } from './spend-control-metrics.ts';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

/** Records increments the way a prom-client Counter would count them. */
class RecordedCounter implements CounterLike {
  readonly increments: { labels: Record<string, string>; value: number }[] = [];
  inc(labels: Record<string, string>, value = 1): void {
    this.increments.push({ labels, value });
  }
}

describe('spend-control metrics', () => {
  let fixture: SpendFixture;
  beforeEach(() => {
    fixture = new SpendFixture();
  });
  afterEach(() => fixture.close());

  it('counts rejections by code and by what refused, and expiries', async () => {
    const wallet = id();
    const team = { scope: 'team', scopeId: id(), period: 'total' } as const;
    fixture.tables.wallet(wallet, 1000);
    fixture.tables.budget(team, 10);
    const rejections = new RecordedCounter();
    const expiries = new RecordedCounter();
    const spend = fixture.spendControl({
      counters: { rejections, expiries },
      reservationTtlMs: 10,
    });

    await spend.admit(admission(wallet, 5000));
    await spend.admit(admission(wallet, 50, { budgets: [team] }));
    await spend.admit(admission(wallet, 1, { rateLimits: [{ scope: 'key', id: id(), tpm: 10 }] }));
    await spend.admit(admission(wallet, 300));
    await spend.admit(admission(wallet, 300));
    await sleep(30);
    await spend.expireReservations();

    expect(rejections.increments).toEqual([
      { labels: { code: 'insufficient_quota', by: 'wallet' }, value: 1 },
      { labels: { code: 'insufficient_quota', by: 'budget:team' }, value: 1 },
      { labels: { code: 'rate_limit_exceeded', by: 'rate_limit:key' }, value: 1 },
    ]);
    expect(expiries.increments).toEqual([{ labels: {}, value: 2 }]);
    expect(spend.counts).toEqual({
      admitted: 2,
      rejectedInsufficientQuota: 2,
      rejectedRateLimit: 1,
      seededKeys: 2,
      expiredReservations: 2,
    });
  });
});
