import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { FailOpenAdmission } from './fail-open-admission.ts';
import { failFastRedisOptions } from './fail-fast-redis-options.ts';
import { SpendControl } from './spend-control.ts';
import { SpendControlUnavailableError } from './spend-control-unavailable-error.ts';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

describe('failing open (a per-deployment choice)', () => {
  const unreachable = new Redis({ port: 1, ...failFastRedisOptions, lazyConnect: true });
  unreachable.on('error', () => {});
  const down = new SpendControl(unreachable, { seed: async () => [] });
  let fixture: SpendFixture | undefined;
  afterEach(async () => {
    await fixture?.close();
  });

  it('admits without Redis up to the local cap of requests per minute, then refuses with 503', async () => {
    let now = 1_000_000;
    const failOpen = new FailOpenAdmission(
      down,
      { maxRequestsPerMinute: 3, maxCostMicrosPerMinute: 1e9 },
      () => now,
    );

    const admitted = [];
    for (let i = 0; i < 3; i += 1) admitted.push(await failOpen.admit(admission(id(), 100)));

    expect(admitted.every((a) => a.admitted && a.failOpen)).toBe(true);
    expect(admitted[0]?.headers).toEqual({ 'x-alfred-spend-control': 'fail-open' });
    await expect(failOpen.admit(admission(id(), 100))).rejects.toThrow(
      expect.objectContaining({
        name: 'SpendControlUnavailableError',
        message: expect.stringContaining('fail-open local cap'),
      }),
    );

    now += 60_000;
    expect(await failOpen.admit(admission(id(), 100))).toMatchObject({
      admitted: true,
      failOpen: true,
    });
    expect(failOpen.admittedLocally).toBe(4);
  });

  it('caps the worst-case cost it admits per minute', async () => {
    let now = 1_000_000;
    const failOpen = new FailOpenAdmission(
      down,
      { maxRequestsPerMinute: 100, maxCostMicrosPerMinute: 1000 },
      () => now,
    );

    expect(await failOpen.admit(admission(id(), 600))).toMatchObject({ admitted: true });
    await expect(failOpen.admit(admission(id(), 600))).rejects.toThrow(
      SpendControlUnavailableError,
    );
    now += 30_000;
    expect(await failOpen.admit(admission(id(), 400))).toMatchObject({ admitted: true });
    now += 30_000; // the first admission has left the minute
    expect(await failOpen.admit(admission(id(), 600))).toMatchObject({ admitted: true });
  });

  it('leaves decisions to Redis while it answers', async () => {
    fixture = new SpendFixture();
    const wallet = id();
    fixture.tables.wallet(wallet, 100);
    const failOpen = new FailOpenAdmission(fixture.spendControl(), {
      maxRequestsPerMinute: 100,
      maxCostMicrosPerMinute: 1e9,
    });

    expect(await failOpen.admit(admission(wallet, 100))).toMatchObject({
      admitted: true,
      failOpen: false,
    });
    expect(await failOpen.admit(admission(wallet, 100))).toMatchObject({
      admitted: false,
      code: 'insufficient_quota',
    });
    expect(failOpen.admittedLocally).toBe(0);
  });
});
