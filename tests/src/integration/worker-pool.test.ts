import { connect } from '@nats-io/transport-node';
import { subjects } from '@alfred/contracts';
import { revokeApiKey, findApiKeyByHash, hashApiKey } from '@alfred/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ workers: 2, workerConcurrency: 4 });
});
afterAll(() => stack.close());

function chat(content: string, apiKey = stack.apiKey) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content }] }),
  });
}

describe('worker pool', () => {
  it('serves more requests than its concurrency by queueing, and a draining worker finishes all it accepted', async () => {
    stack.upstream.setBehavior({ latencyMs: 150 });
    try {
      const requests = Array.from({ length: 24 }, (_, i) => chat(`drain ${i}`));
      await new Promise((r) => setTimeout(r, 50));
      // Both workers hold requests now; one of them is told to stop.
      const draining = stack.workers[0]!.drain();
      const statuses = await Promise.all(requests.map(async (r) => (await r).status));
      await draining;
      expect(statuses).toEqual(Array(24).fill(200));
      // The other worker keeps serving new requests alone.
      expect((await chat('after drain')).status).toBe(200);
    } finally {
      stack.upstream.setBehavior({ latencyMs: 0 });
    }
  });

  it('answers pings with its pool, capacity and load', async () => {
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      // A request of the previous test may still be settling its credits for a few ms.
      let status: unknown;
      for (let i = 0; i < 20; i++) {
        const reply = await nc.request(subjects.poolPing(stack.pool), '', { timeout: 1_000 });
        status = reply.json();
        if ((status as { inFlight: number }).inFlight === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(status).toMatchObject({ pool: stack.pool, capacity: 4, inFlight: 0 });
    } finally {
      await nc.close();
    }
  });
});

describe('API key cache', () => {
  it('forgets a revoked key as soon as the invalidation is broadcast', async () => {
    expect((await chat('warm the cache')).status).toBe(200);
    const record = await findApiKeyByHash(stack.database, hashApiKey(stack.apiKey));
    await revokeApiKey(stack.database, record!.id);
    // Still cached: the TTL alone would keep it for a minute.
    expect((await chat('cached')).status).toBe(200);
    const nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
    try {
      nc.publish(subjects.apiKeyInvalidated, JSON.stringify({ keyId: record!.id }));
      await nc.flush();
    } finally {
      await nc.close();
    }
    await new Promise((r) => setTimeout(r, 50));
    const res = await chat('revoked');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
  });
});
