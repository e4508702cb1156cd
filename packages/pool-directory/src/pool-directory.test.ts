import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjects, type WorkerHeartbeat } from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectPools } from './collect-pools.ts';
import { PoolDirectory } from './pool-directory.ts';
import { deploymentSnapshot, heartbeat } from './test-support/heartbeats.ts';

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
});
afterAll(() => nc.close());

const uniquePool = () => `pd${randomBytes(5).toString('hex')}`;

function beat(pool: string, workerId: string, overrides: Partial<WorkerHeartbeat> = {}) {
  const sent = heartbeat({
    pool,
    workerId,
    intervalMs: 100,
    capacity: 4,
    inFlight: 1,
    ...overrides,
  });
  nc.publish(subjects.poolHeartbeat(pool), JSON.stringify(sent));
}

async function eventually(check: () => void, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('PoolDirectory', () => {
  it('lists whoever beats, counts invalid beats, and marks the silent and the leaving gone', async () => {
    const directory = PoolDirectory.start(nc);
    const pool = uniquePool();
    await nc.flush();
    const before = directory.invalidHeartbeats;
    beat(pool, `${pool}-a`);
    beat(pool, `${pool}-b`, { inFlight: 3 });
    nc.publish(subjects.poolHeartbeat(pool), JSON.stringify({ workerId: 'half a beat' }));
    nc.publish(subjects.poolHeartbeat(pool), 'not json');
    const mine = () => directory.report().pools.find((p) => p.pool === pool);
    await eventually(() =>
      expect(mine()?.totals).toMatchObject({ processes: 2, capacity: 8, inFlight: 4 }),
    );
    expect(directory.invalidHeartbeats - before).toBe(2);

    // a leaves with a last beat; b just stops beating (3 × 100 ms later it is gone).
    beat(pool, `${pool}-a`, { state: 'leaving', draining: true, inFlight: 0 });
    await eventually(() =>
      expect(mine()!.processes.find((p) => p.workerId === `${pool}-a`)).toMatchObject({
        state: 'gone',
        goneReason: 'left',
      }),
    );
    await eventually(() => expect(mine()!.health).toBe('down'), 1_000);
    expect(mine()!.processes.find((p) => p.workerId === `${pool}-b`)).toMatchObject({
      state: 'gone',
      goneReason: 'silent',
    });
    await directory.close();
  });

  it('forgets a gone process after a while', async () => {
    const directory = PoolDirectory.start(nc, { forgetAfterMs: 200 });
    const pool = uniquePool();
    await nc.flush();
    beat(pool, `${pool}-a`, { state: 'leaving' });
    await eventually(() =>
      expect(directory.report().pools.some((p) => p.pool === pool)).toBe(true),
    );
    await eventually(() =>
      expect(directory.report().pools.some((p) => p.pool === pool)).toBe(false),
    );
    await directory.close();
  });

  it('reports deployment health across live processes only', async () => {
    const directory = PoolDirectory.start(nc);
    const pool = uniquePool();
    const deployment = `${pool}-gpt`;
    await nc.flush();
    beat(pool, `${pool}-a`, {
      deployments: [deploymentSnapshot(deployment, { circuit: 'open', requests: 2, errors: 2 })],
    });
    beat(pool, `${pool}-b`, {
      deployments: [deploymentSnapshot(deployment, { requests: 8 })],
    });
    beat(pool, `${pool}-c`, {
      state: 'leaving',
      deployments: [deploymentSnapshot(deployment, { requests: 100 })],
    });
    await eventually(() =>
      expect(directory.deploymentHealth().find((d) => d.deployment === deployment)).toMatchObject({
        circuit: 'open',
        requests: 10,
        successRate: 0.8,
        pools: [pool],
      }),
    );
    await directory.close();
  });
});

describe('collectPools', () => {
  it('listens for a moment and reports the pools it heard', async () => {
    const pool = uniquePool();
    const timer = setInterval(() => beat(pool, `${pool}-a`), 50);
    try {
      const report = await collectPools(nc, { waitMs: 200 });
      expect(report.pools.find((p) => p.pool === pool)).toMatchObject({
        health: 'ok',
        totals: { processes: 1, capacity: 4 },
        processes: [{ workerId: `${pool}-a`, host: 'test-host', pid: 4242, state: 'serving' }],
      });
    } finally {
      clearInterval(timer);
    }
  });
});
