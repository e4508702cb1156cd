import { randomBytes } from 'node:crypto';
import { adminApiSettingsFromEnv, startAdminApi, type AdminApi } from '@alfred/admin-api';
import type { PoolsReport } from '@alfred/pool-directory';
import { createLogger } from '@alfred/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countBy, eventually, startPoolUnderTest, type PoolUnderTest } from './pool-under-test.ts';

let pool: PoolUnderTest;
let adminApi: AdminApi;
const id = randomBytes(3).toString('hex');
const first = `pa${id}`;
const second = `pb${id}`;
const third = `pc${id}`;

beforeAll(async () => {
  pool = await startPoolUnderTest();
  adminApi = await startAdminApi(
    { ...adminApiSettingsFromEnv(), port: 0 },
    createLogger('admin-api', { level: 'silent' }),
  );
  await Promise.all([pool.addWorker(first), pool.addWorker(second)]);
}, 60_000);
afterAll(async () => {
  await adminApi?.close();
  await pool?.close();
});

describe('worker pool membership', () => {
  it('lists both worker processes with their capacity, and their in-flight counts rise under load', async () => {
    expect(pool.pool()).toMatchObject({
      health: 'ok',
      totals: { processes: 2, serving: 2, capacity: 128, inFlight: 0 },
    });
    pool.stack.upstream.setBehavior({ latencyMs: 1_500 });
    try {
      const requests = Array.from({ length: 16 }, (_, i) => pool.chat(`load ${i}`));
      await eventually(() => {
        const summary = pool.pool()!;
        expect(summary.totals.inFlight).toBe(16);
        for (const process of summary.processes) expect(process.inFlight).toBeGreaterThan(0);
      });
      // admin-api, listening on its own, says the same.
      const report = (await (await fetch(`${adminApi.url}/v1/pools`)).json()) as PoolsReport;
      expect(report.pools.find((p) => p.pool === pool.stack.pool)).toMatchObject({
        totals: { processes: 2, capacity: 128, inFlight: 16 },
      });
      const served = await Promise.all(requests);
      expect(served.map((s) => s.status)).toEqual(Array(16).fill(200));
      expect(new Set(served.map((s) => s.worker))).toEqual(new Set([first, second]));
    } finally {
      pool.stack.upstream.setBehavior({ latencyMs: 0 });
    }
    await eventually(() => expect(pool.pool()!.totals.inFlight).toBe(0));
  }, 30_000);

  it('takes a share of new requests on a process started later, with no config change', async () => {
    await pool.addWorker(third);
    expect(pool.pool()!.totals).toMatchObject({ processes: 3, capacity: 192 });
    pool.stack.upstream.setBehavior({ latencyMs: 20 });
    try {
      const served = await Promise.all(
        Array.from({ length: 60 }, (_, i) => pool.chat(`joined ${i}`)),
      );
      expect(served.map((s) => s.status)).toEqual(Array(60).fill(200));
      const perWorker = countBy(served, (s) => s.worker);
      expect([...perWorker.keys()].sort()).toEqual([first, second, third].sort());
      expect(perWorker.get(third)).toBeGreaterThan(2);
    } finally {
      pool.stack.upstream.setBehavior({ latencyMs: 0 });
    }
  }, 30_000);
});
