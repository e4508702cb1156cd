import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import {
  subjects,
  WorkerHeartbeatSchema,
  type DeploymentHealthSnapshot,
  type WorkerHeartbeat,
} from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkerLoad } from '../pool-worker.ts';
import { HeartbeatPublisher } from './heartbeat-publisher.ts';

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
});
afterAll(() => nc.close());

const gptHealth: DeploymentHealthSnapshot = {
  deployment: 'gpt',
  provider: 'openai',
  circuit: 'closed',
  successRate: null,
  latencyMs: { p50: null, p95: null, p99: null },
  ewmaLatencyMs: null,
  inFlight: 0,
  requests: 0,
  errors: 0,
  cooldownUntil: null,
  windowMs: 60_000,
};

/** Every beat published on the pool's subject, parsed (a bad one fails the test). */
async function listen(pool: string): Promise<WorkerHeartbeat[]> {
  const beats: WorkerHeartbeat[] = [];
  nc.subscribe(subjects.poolHeartbeat(pool), {
    callback: (_e, msg) => {
      beats.push(WorkerHeartbeatSchema.parse(msg.json()));
    },
  });
  await nc.flush();
  return beats;
}

describe('HeartbeatPublisher', () => {
  it('beats at once, then every interval, with the load and health of the moment', async () => {
    const pool = `hb${randomBytes(5).toString('hex')}`;
    const beats = await listen(pool);
    const load: WorkerLoad = { capacity: 8, inFlight: 0, queued: 0, draining: false };
    const publisher = new HeartbeatPublisher(nc, {
      workerId: `${pool}-w`,
      pool,
      intervalMs: 50,
      version: '1.2.3',
      load: () => ({ ...load }),
      healthSnapshot: () => [gptHealth],
    });
    await nc.flush();
    expect(beats).toHaveLength(1);
    expect(beats[0]).toMatchObject({
      workerId: `${pool}-w`,
      pool,
      pid: process.pid,
      version: '1.2.3',
      intervalMs: 50,
      capacity: 8,
      inFlight: 0,
      state: 'serving',
      deployments: [gptHealth],
    });
    load.inFlight = 5;
    load.queued = 2;
    await new Promise((r) => setTimeout(r, 130));
    expect(beats.length).toBeGreaterThanOrEqual(3);
    expect(beats.at(-1)).toMatchObject({ inFlight: 5, queued: 2, state: 'serving' });
    await publisher.stop();
  });

  it('announces draining when asked and leaves with a last beat, after which it is silent', async () => {
    const pool = `hb${randomBytes(5).toString('hex')}`;
    const beats = await listen(pool);
    const load: WorkerLoad = { capacity: 2, inFlight: 1, queued: 0, draining: false };
    const publisher = new HeartbeatPublisher(nc, {
      workerId: `${pool}-w`,
      pool,
      intervalMs: 10_000,
      version: '0.0.0',
      load: () => ({ ...load }),
    });
    load.draining = true;
    publisher.beat();
    await publisher.stop();
    publisher.beat();
    await new Promise((r) => setTimeout(r, 50));
    expect(beats.map((b) => [b.state, b.draining])).toEqual([
      ['serving', false],
      ['draining', true],
      ['leaving', true],
    ]);
    expect(beats[0]!.deployments).toEqual([]);
  });
});
