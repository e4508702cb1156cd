import type { SettleResult, Settlement, SpendControl } from '@alfred/spend-control';
import { admission, id, SpendFixture } from '@alfred/spend-control/test-support';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettlementBatch, type SettleMany } from './settlement-batch.ts';

describe('SettlementBatch', () => {
  let fixture: SpendFixture;
  let spend: SpendControl;
  let wallet: string;
  /** The batches sent to Redis, in order. */
  let calls: Settlement[][];
  let settleMany: SettleMany;

  beforeEach(() => {
    fixture = new SpendFixture();
    wallet = id();
    fixture.tables.wallet(wallet, 100_000);
    spend = fixture.spendControl();
    calls = [];
    settleMany = (settlements) => {
      calls.push([...settlements]);
      return spend.settleBatch(settlements);
    };
  });
  afterEach(() => fixture.close());

  async function reservations(count: number): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i += 1) {
      const request = admission(wallet, 1000);
      expect(await spend.admit(request)).toMatchObject({ admitted: true });
      ids.push(request.reservationId);
    }
    return ids;
  }

  const charge = (reservationId: string, costMicros: number): Settlement => ({
    reservationId,
    actual: { costMicros, tokens: 10 },
  });

  it('sends the settlements of one window in one call and gives each its own result', async () => {
    const ids = await reservations(3);
    const batch = new SettlementBatch(settleMany, 20);
    const started = performance.now();

    const results = await Promise.all(
      ids.map((rid, i) => batch.settle(charge(rid, 100 * (i + 1)))),
    );

    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    expect(calls).toHaveLength(1);
    expect(results.map((result: SettleResult) => result.status)).toEqual([
      'settled',
      'settled',
      'settled',
    ]);
    expect(results.map((result) => 'chargedMicros' in result && result.chargedMicros)).toEqual([
      100, 200, 300,
    ]);
    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toMatchObject({
      balance: String(100_000 - 600),
      reserved: '0',
    });
    // The next settlement opens a new window.
    const [again] = ids;
    expect(await batch.settle(charge(again ?? '', 1))).toEqual({ status: 'already_settled' });
    expect(calls).toHaveLength(2);
  });

  it('sends at once when the batch is full, and without waiting with a window of 0', async () => {
    const ids = await reservations(5);
    const full = new SettlementBatch(settleMany, 60_000, 2);
    await Promise.all(ids.slice(0, 4).map((rid) => full.settle(charge(rid, 1))));
    expect(calls.map((call) => call.length)).toEqual([2, 2]);

    const immediate = new SettlementBatch(settleMany, 0);
    const started = performance.now();
    await immediate.settle(charge(ids[4] ?? '', 1));
    expect(performance.now() - started).toBeLessThan(50);
    expect(calls).toHaveLength(3);
  });

  it('sends what waits on flush, before the window closes', async () => {
    const [rid = ''] = await reservations(1);
    const batch = new SettlementBatch(settleMany, 60_000);
    const settled = batch.settle(charge(rid, 5));
    batch.flush();
    expect(await settled).toMatchObject({ status: 'settled', chargedMicros: 5 });
  });

  it('rejects every settlement of a batch whose call failed', async () => {
    const failing = new SettlementBatch(() => Promise.reject(new Error('redis went away')), 5);
    const outcomes = await Promise.allSettled([
      failing.settle(charge('a', 1)),
      failing.settle(charge('b', 1)),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });
});
