import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { subjects, type DeploymentHealthSnapshot, type WorkerHeartbeat } from '@alfred/contracts';
import { PoolDirectory } from '@alfred/pool-directory';
import Fastify, { type FastifyInstance } from 'fastify';
import { deploymentSnapshot, heartbeat } from '@alfred/pool-directory/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { poolsRoutes } from './pools-routes.ts';

let nc: NatsConnection;
let directory: PoolDirectory;
let app: FastifyInstance;
beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  directory = PoolDirectory.start(nc);
  app = Fastify();
  await app.register(poolsRoutes, { directory });
  await nc.flush();
});
afterAll(async () => {
  await app.close();
  await directory.close();
  await nc.close();
});

const pool = `adm${randomBytes(5).toString('hex')}`;
const deployment = `${pool}-gpt`;

const health = (overrides: Partial<DeploymentHealthSnapshot>) =>
  deploymentSnapshot(deployment, overrides);

function publishBeat(workerId: string, overrides: Partial<WorkerHeartbeat>) {
  const now = Date.now();
  const beat = heartbeat({
    workerId,
    pool,
    capacity: 32,
    startedAt: now,
    sentAt: now,
    ...overrides,
  });
  nc.publish(subjects.poolHeartbeat(pool), JSON.stringify(beat));
}

async function heardBoth(): Promise<void> {
  await nc.flush();
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    const mine = directory.report().pools.find((p) => p.pool === pool);
    if (mine?.processes.length === 2) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('pools routes', () => {
  beforeAll(async () => {
    publishBeat(`${pool}-a`, {
      inFlight: 4,
      deployments: [
        health({ requests: 30, successRate: 1, latencyMs: { p50: 100, p95: 200, p99: 300 } }),
      ],
    });
    publishBeat(`${pool}-b`, {
      inFlight: 1,
      queued: 2,
      deployments: [
        health({
          circuit: 'open',
          requests: 10,
          errors: 4,
          successRate: 0.6,
          latencyMs: { p50: 120, p95: 900, p99: 2_000 },
        }),
      ],
    });
    await heardBoth();
  });

  it('GET /v1/pools lists the pool with its processes, totals and health', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/pools' });
    expect(res.statusCode).toBe(200);
    const mine = res.json().pools.find((p: { pool: string }) => p.pool === pool);
    expect(mine).toMatchObject({
      health: 'degraded',
      totals: { processes: 2, serving: 2, capacity: 64, inFlight: 5, queued: 2 },
      processes: [
        { workerId: `${pool}-a`, state: 'serving', inFlight: 4 },
        { workerId: `${pool}-b`, state: 'serving', queued: 2 },
      ],
    });
  });

  it('GET /v1/providers/health gives each deployment across processes, per process and worst', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/providers/health' });
    expect(res.statusCode).toBe(200);
    const gpt = res
      .json()
      .deployments.find((d: { deployment: string }) => d.deployment === deployment);
    expect(gpt).toMatchObject({
      pools: [pool],
      circuit: 'open',
      requests: 40,
      errors: 4,
      successRate: 0.9,
      latencyMs: { p50: 120, p95: 900, p99: 2_000 },
      processes: [
        { workerId: `${pool}-a`, circuit: 'closed', successRate: 1 },
        { workerId: `${pool}-b`, circuit: 'open', successRate: 0.6 },
      ],
    });
  });
});
