import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SpendControl } from './spend-control.ts';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';
import type { PostgresWallet } from './wallet-refresh.ts';

describe('refreshing a wallet from PostgreSQL', () => {
  let fixture: SpendFixture;
  let spend: SpendControl;
  let wallet: string;
  beforeEach(() => {
    fixture = new SpendFixture();
    spend = fixture.spendControl();
    wallet = id();
    fixture.tables.wallet(wallet, 10_000);
  });
  afterEach(() => fixture.close());

  /** A request admitted and settled in Redis, its usage not yet posted by the ledger. */
  async function spent(costMicros: number): Promise<string> {
    const request = admission(wallet, costMicros);
    await spend.admit(request);
    await spend.settle(request.reservationId, { costMicros });
    return request.reservationId;
  }

  const postgres = (wallet: PostgresWallet) => async () => wallet;

  it('adds a top-up while still subtracting costs the ledger has not posted', async () => {
    const unposted = await spent(3000);
    const asked: string[][] = [];

    const refresh = await spend.refreshWallet(wallet, async (ids) => {
      asked.push(ids);
      return { balanceMicros: 15_000, floorMicros: 0, postedRequestIds: [] }; // 10 000 + a 5 000 top-up
    });

    expect(asked).toEqual([[unposted]]);
    expect(refresh).toEqual({
      status: 'refreshed',
      balanceMicros: 12_000,
      previousBalanceMicros: 7000,
      unpostedMicros: 3000,
    });
    expect(await fixture.redis.hget(spend.keys.wallet(wallet), 'balance')).toBe('12000');
  });

  it('forgets costs once PostgreSQL has posted them', async () => {
    const posted = await spent(3000);
    const pending = await spent(1000);

    const refresh = await spend.refreshWallet(
      wallet,
      postgres({ balanceMicros: 7000, floorMicros: -200, postedRequestIds: [posted] }),
    );

    expect(refresh).toMatchObject({
      status: 'refreshed',
      balanceMicros: 6000,
      unpostedMicros: 1000,
    });
    expect(await fixture.redis.hkeys(spend.keys.walletUnposted(wallet))).toEqual([pending]);
    expect(await fixture.redis.hget(spend.keys.wallet(wallet), 'floor')).toBe('-200');
  });

  it('keeps what requests in flight hold', async () => {
    await spend.admit(admission(wallet, 4000));

    await spend.refreshWallet(
      wallet,
      postgres({ balanceMicros: 5000, floorMicros: 0, postedRequestIds: [] }),
    );

    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toMatchObject({
      balance: '5000',
      reserved: '4000',
    });
    expect(await spend.admit(admission(wallet, 1001))).toMatchObject({ admitted: false });
  });

  it('keeps subtracting a cost settled while PostgreSQL was being read', async () => {
    const request = admission(wallet, 2000);
    await spend.admit(request);

    const refresh = await spend.refreshWallet(wallet, async () => {
      await spend.settle(request.reservationId, { costMicros: 2000 }); // PostgreSQL does not have it yet
      return { balanceMicros: 10_000, floorMicros: 0, postedRequestIds: [] };
    });

    expect(refresh).toMatchObject({ balanceMicros: 8000, unpostedMicros: 2000 });
  });

  it('retries when another refresh finished while it read PostgreSQL', async () => {
    const posted = await spent(3000);
    let reads = 0;

    const refresh = await spend.refreshWallet(wallet, async () => {
      reads += 1;
      if (reads === 1) {
        // A newer snapshot, applied first: this older one must not overwrite it.
        await spend.refreshWallet(
          wallet,
          postgres({ balanceMicros: 7000, floorMicros: 0, postedRequestIds: [posted] }),
        );
        return { balanceMicros: 10_000, floorMicros: 0, postedRequestIds: [] };
      }
      return { balanceMicros: 7000, floorMicros: 0, postedRequestIds: [] };
    });

    expect(reads).toBe(2);
    expect(refresh).toMatchObject({ status: 'refreshed', balanceMicros: 7000 });
  });

  it('gives up after repeated conflicts', async () => {
    await spent(1000);
    const competing = postgres({ balanceMicros: 9000, floorMicros: 0, postedRequestIds: [] });

    const refresh = await spend.refreshWallet(wallet, async () => {
      await spend.refreshWallet(wallet, competing);
      return { balanceMicros: 1, floorMicros: 0, postedRequestIds: [] };
    });

    expect(refresh).toEqual({ status: 'conflict' });
    expect(await fixture.redis.hget(spend.keys.wallet(wallet), 'balance')).toBe('8000');
  });

  it('leaves a wallet Redis does not hold to be seeded by the next admission', async () => {
    const refresh = await spend.refreshWallet(
      id(),
      postgres({ balanceMicros: 1, floorMicros: 0, postedRequestIds: [] }),
    );

    expect(refresh).toEqual({ status: 'not_cached' });
  });
});
