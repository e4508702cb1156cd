import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ReservationSweeper } from './reservation-sweeper.ts';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

describe('reservations left by a crashed process', () => {
  let fixture: SpendFixture;
  beforeEach(() => {
    fixture = new SpendFixture();
  });
  afterEach(() => fixture.close());

  it('are released, and counted, once their time runs out', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const spend = fixture.spendControl({ reservationTtlMs: 50 });
    await spend.admit(admission(wallet, 3000));
    await spend.admit(admission(wallet, 2000));

    expect(await spend.expireReservations()).toBe(0);
    await sleep(80);
    expect(await spend.expireReservations()).toBe(2);
    expect(await spend.expireReservations()).toBe(0);

    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toMatchObject({
      balance: '10000',
      reserved: '0',
    });
    expect(spend.counts.expiredReservations).toBe(2);
  });

  it('still charge the actual cost when the request settles after expiry', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const spend = fixture.spendControl({ reservationTtlMs: 20 });
    const request = admission(wallet, 3000);
    await spend.admit(request);
    await sleep(40);
    await spend.expireReservations();

    expect(await spend.settle(request.reservationId, { costMicros: 1200 })).toEqual({
      status: 'settled_after_expiry',
      reservedMicros: 0,
      chargedMicros: 1200,
    });
    expect(await spend.settle(request.reservationId, { costMicros: 1200 })).toEqual({
      status: 'already_settled',
    });
    expect(await fixture.redis.hgetall(spend.keys.wallet(wallet))).toMatchObject({
      balance: '8800',
      reserved: '0',
    });
  });

  it('are released by a sweeper running on a timer, whichever process runs it', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const crashed = fixture.spendControl({ reservationTtlMs: 30 });
    await crashed.admit(admission(wallet, 10_000));
    const survivor = fixture.spendControl();
    const sweeper = new ReservationSweeper(survivor, { intervalMs: 20 });

    sweeper.start();
    try {
      await expect
        .poll(() => fixture.redis.hget(survivor.keys.wallet(wallet), 'reserved'), { timeout: 2000 })
        .toBe('0');
    } finally {
      sweeper.stop();
    }
    expect(sweeper.released).toBe(1);
    expect(await survivor.admit(admission(wallet, 10_000))).toMatchObject({ admitted: true });
  });

  it('sweeps more than one batch in one sweep', async () => {
    const wallet = id();
    fixture.tables.wallet(wallet, 10_000);
    const spend = fixture.spendControl({ reservationTtlMs: 10 });
    await Promise.all(Array.from({ length: 7 }, () => spend.admit(admission(wallet, 1000))));
    await sleep(30);

    expect(await new ReservationSweeper(spend, { batchSize: 3 }).sweep()).toBe(7);
  });
});
