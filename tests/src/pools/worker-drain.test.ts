import { randomBytes } from 'node:crypto';
import { subjects, WorkerHeartbeatSchema, type WorkerHeartbeat } from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceProcess } from '../test-support/service-processes.ts';
import { eventually, startPoolUnderTest, type PoolUnderTest } from './pool-under-test.ts';

let pool: PoolUnderTest;
let leaver: ServiceProcess;
const id = randomBytes(3).toString('hex');
const leaverId = `dl${id}`;
const stayerId = `ds${id}`;

beforeAll(async () => {
  pool = await startPoolUnderTest(30_000);
  [leaver] = await Promise.all([pool.addWorker(leaverId), pool.addWorker(stayerId)]);
}, 60_000);
afterAll(() => pool?.close());

describe('a worker process told to stop (SIGTERM)', () => {
  it("announces 'draining' at once, then 'leaving' once it finished every request it accepted", async () => {
    const beats: WorkerHeartbeat[] = [];
    pool.nc.subscribe(subjects.poolHeartbeat(pool.stack.pool), {
      callback: (_e, msg) => {
        const beat = WorkerHeartbeatSchema.parse(msg.json());
        if (beat.workerId === leaverId) beats.push(beat);
      },
    });
    await pool.nc.flush();
    pool.stack.upstream.setBehavior({ latencyMs: 1_500 });
    try {
      const requests = Array.from({ length: 20 }, (_, i) => pool.chat(`drain ${i}`));
      await eventually(() => expect(pool.process(leaverId)!.inFlight).toBeGreaterThan(0));
      const terminatedAt = Date.now();
      await leaver.kill('SIGTERM');
      const served = await Promise.all(requests);

      expect(served.map((s) => s.status)).toEqual(Array(20).fill(200));
      expect(served.some((s) => s.worker === leaverId)).toBe(true);
      const draining = beats.find((b) => b.state === 'draining')!;
      // The 'draining' beat came at once (before the next tick), still holding its requests.
      expect(draining.sentAt - terminatedAt).toBeLessThan(150);
      expect(draining).toMatchObject({ draining: true });
      expect(draining.inFlight).toBeGreaterThan(0);
      const last = beats.at(-1)!;
      expect(last).toMatchObject({ state: 'leaving', inFlight: 0, queued: 0 });
      expect(beats.indexOf(draining)).toBeLessThan(beats.length - 1);
      expect(beats.slice(beats.indexOf(draining), -1).every((b) => b.state === 'draining')).toBe(
        true,
      );
      expect(leaver.exited()).toBe(true);
      expect(pool.process(leaverId)).toMatchObject({ state: 'gone', goneReason: 'left' });
      expect(pool.pool()!.totals).toMatchObject({ processes: 1, serving: 1 });
    } finally {
      pool.stack.upstream.setBehavior({ latencyMs: 0 });
    }
    // The pool keeps serving with the other process.
    expect((await pool.chat('after the drain')).worker).toBe(stayerId);
  }, 30_000);
});
