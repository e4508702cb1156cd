import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

describe('settlement', () => {
  let fixture: SpendFixture;
  beforeEach(() => {
    fixture = new SpendFixture();
  });
  afterEach(() => fixture.close());

  const team = { scope: 'team', scopeId: id(), period: 'total' } as const;

  async function admitted(amountMicros: number) {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    fixture.tables.budget(team, 50_000, 1000);
    const spend = fixture.spendControl();
    const request = admission(wallet, amountMicros, { budgets: [team] });
    expect(await spend.admit(request)).toMatchObject({ admitted: true });
    const walletKey = spend.keys.wallet(wallet);
    const budgetKey = spend.keys.budget(team, 'all');
    return { spend, request, wallet, walletKey, budgetKey };
  }

  it('charges the actual cost and releases the rest of the reservation', async () => {
    const { spend, request, walletKey, budgetKey } = await admitted(4000);

    expect(await spend.settle(request.reservationId, { costMicros: 1500, tokens: 40 })).toEqual({
      status: 'settled',
      reservedMicros: 4000,
      chargedMicros: 1500,
    });

    expect(await fixture.redis.hgetall(walletKey)).toMatchObject({
      balance: '8500',
      reserved: '0',
    });
    expect(await fixture.redis.hgetall(budgetKey)).toMatchObject({ spent: '2500', reserved: '0' });
    expect(await fixture.redis.exists(spend.keys.reservation(request.reservationId))).toBe(0);
    expect(
      await fixture.redis.zscore(spend.keys.reservationExpiry, request.reservationId),
    ).toBeNull();
  });

  it('notes the charged cost as not yet posted, under the request id', async () => {
    const { spend, request, walletKey } = await admitted(4000);

    await spend.settle(request.reservationId, { costMicros: 1500 });

    expect(await fixture.redis.hgetall(`${walletKey}:unposted`)).toEqual({
      [request.reservationId]: '1500',
    });
  });

  it('charges the actual cost even when it exceeds the reservation', async () => {
    const { spend, request, walletKey } = await admitted(4000);

    await spend.settle(request.reservationId, { costMicros: 4500 });

    expect(await fixture.redis.hgetall(walletKey)).toMatchObject({
      balance: '5500',
      reserved: '0',
    });
  });

  it('does nothing when the same reservation is settled twice', async () => {
    const { spend, request, walletKey, budgetKey } = await admitted(4000);

    await spend.settle(request.reservationId, { costMicros: 1500 });
    expect(await spend.settle(request.reservationId, { costMicros: 1500 })).toEqual({
      status: 'already_settled',
    });

    expect(await fixture.redis.hgetall(walletKey)).toMatchObject({
      balance: '8500',
      reserved: '0',
    });
    expect(await fixture.redis.hget(budgetKey, 'spent')).toBe('2500');
  });

  it('gives everything back when a failed call is released', async () => {
    const { spend, request, walletKey, budgetKey } = await admitted(4000);

    expect(await spend.release(request.reservationId)).toEqual({
      status: 'settled',
      reservedMicros: 4000,
      chargedMicros: 0,
    });

    expect(await fixture.redis.hgetall(walletKey)).toMatchObject({
      balance: '10000',
      reserved: '0',
    });
    expect(await fixture.redis.hgetall(budgetKey)).toMatchObject({ spent: '1000', reserved: '0' });
    expect(await fixture.redis.exists(`${walletKey}:unposted`)).toBe(0);
  });

  it('lets the released amount be admitted again', async () => {
    const { spend, request, wallet } = await admitted(10_000);
    expect(await spend.admit(admission(wallet, 1, { budgets: [team] }))).toMatchObject({
      admitted: false,
    });

    await spend.release(request.reservationId);

    expect(await spend.admit(admission(wallet, 10_000, { budgets: [team] }))).toMatchObject({
      admitted: true,
    });
  });

  it('refuses a fractional or negative cost', async () => {
    const { spend, request } = await admitted(4000);

    await expect(spend.settle(request.reservationId, { costMicros: 1.5 })).rejects.toThrow(
      RangeError,
    );
    await expect(spend.settle(request.reservationId, { costMicros: -1 })).rejects.toThrow(
      RangeError,
    );
  });

  it('settles many reservations in one call, each as settle would, in order', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const spend = fixture.spendControl();
    const requests = [admission(wallet, 3000), admission(wallet, 3000), admission(wallet, 3000)];
    for (const request of requests) {
      expect(await spend.admit(request)).toMatchObject({ admitted: true });
    }
    const [first, second, third] = requests.map((request) => request.reservationId) as [
      string,
      string,
      string,
    ];
    await spend.settle(second, { costMicros: 100 });

    expect(
      await spend.settleBatch([
        { reservationId: first, actual: { costMicros: 1000, tokens: 20 } },
        { reservationId: second, actual: { costMicros: 2000 } },
        { reservationId: third, actual: { costMicros: 0, tokens: 0 } },
        { reservationId: first, actual: { costMicros: 1000 } },
      ]),
    ).toEqual([
      { status: 'settled', reservedMicros: 3000, chargedMicros: 1000 },
      { status: 'already_settled' },
      { status: 'settled', reservedMicros: 3000, chargedMicros: 0 },
      { status: 'already_settled' },
    ]);
    // 100 from the single settle, 1000 from the batch; nothing left reserved.
    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toMatchObject({
      balance: '8900',
      reserved: '0',
    });
    expect(await fixture.redis.zcard(spend.keys.reservationExpiry)).toBe(0);
  });

  it('settles an empty batch without calling Redis, and refuses a bad cost in a batch', async () => {
    const { spend, request } = await admitted(4000);

    expect(await spend.settleBatch([])).toEqual([]);
    await expect(
      spend.settleBatch([{ reservationId: request.reservationId, actual: { costMicros: -1 } }]),
    ).rejects.toThrow(RangeError);
    expect(await spend.settle(request.reservationId, { costMicros: 1 })).toMatchObject({
      status: 'settled',
    });
  });
});
