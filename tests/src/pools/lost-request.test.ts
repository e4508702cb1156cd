import { SpendKeys } from '@alfred/spend-control';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { priceModel, pricedModelName, withModel } from '../test-support/priced-model.ts';
import type { ServiceProcess } from '../test-support/service-processes.ts';
import {
  eventually,
  heartbeatIntervalMs,
  startPoolUnderTest,
  type PoolUnderTest,
} from './pool-under-test.ts';

const upstreamTimeoutMs = 30_000;
const workerLostAfterMs = 1_000;
let pool: PoolUnderTest;
let victim: ServiceProcess;
const model = pricedModelName();
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

beforeAll(async () => {
  await priceModel(model);
  pool = await startPoolUnderTest(upstreamTimeoutMs, {
    workerLostAfterMs,
    configure: withModel(model),
  });
  victim = await pool.addWorker(`lost${process.pid}`);
}, 60_000);
afterAll(async () => {
  redis.disconnect();
  await pool?.close();
});

/** Micro-credits the stack's wallet holds for requests in flight. */
async function reserved(): Promise<number> {
  const wallet = new SpendKeys('alfred').wallet(pool.stack.walletAccountId);
  return Number((await redis.hget(wallet, 'reserved')) ?? 0);
}

async function ask(stream: boolean) {
  const res = await fetch(`${pool.stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${pool.stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      stream,
      messages: [{ role: 'user', content: 'a slow one' }],
    }),
  });
  const body = (await res.json()) as { error?: { code?: string } };
  return { status: res.status, code: body.error?.code, at: Date.now() };
}

describe('a request whose worker dies', () => {
  it('is answered 502 worker_lost within seconds, not at the upstream timeout, and its hold is released', async () => {
    // The provider takes longer than the whole test: only the worker's death can end these.
    pool.stack.upstream.setBehavior({ latencyMs: 20_000 });
    try {
      const answers = Promise.all([ask(false), ask(false), ask(true)]);
      const workerId = `lost${process.pid}`;
      await eventually(() => expect(pool.process(workerId)?.inFlight).toBe(3), 5_000);
      expect(await reserved()).toBeGreaterThan(0);
      const killedAt = Date.now();
      await victim.kill('SIGKILL');

      const results = await answers;
      // Operators can alert on it: ingress counts every worker_lost answer.
      const metrics = await (await fetch(`${pool.stack.url}/metrics`)).text();
      const lost = metrics
        .split('\n')
        .filter(
          (line) =>
            line.startsWith('alfred_ingress_errors_total{') && line.includes('code="worker_lost"'),
        )
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
      expect(lost).toBe(3);
      for (const result of results) {
        expect(result).toMatchObject({ status: 502, code: 'worker_lost' });
        // Lost after 1 s without a beat listing it (at least three 200 ms beats), checked
        // every 250 ms; far from the 30 s upstream timeout.
        expect(result.at - killedAt).toBeLessThan(
          workerLostAfterMs + 3 * heartbeatIntervalMs + 2_000,
        );
      }
      // The holds went back at once, not at their expiry (10 minutes).
      let held = await reserved();
      for (const deadline = Date.now() + 2_000; held > 0 && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 50));
        held = await reserved();
      }
      expect(held).toBe(0);
    } finally {
      pool.stack.upstream.setBehavior({ latencyMs: 0 });
    }
  }, 30_000);
});
