import { randomUUID } from 'node:crypto';
import { ingressSettingsFromEnv, startIngress, type Ingress } from '@alfred/ingress';
import { createLogger } from '@alfred/telemetry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
let cutOff: Ingress;
beforeAll(async () => {
  stack = await startTestStack({
    configure: (config) => ({
      ...config,
      models: [
        ...config.models,
        {
          name: 'fails-open',
          deployments: ['fake-gpt-4o-mini'],
          pool: config.models[0]!.pool,
          whenRedisIsDown: {
            mode: 'admit-with-local-cap',
            maxRequestsPerMinute: 2,
            maxCostMicrosPerMinute: 1_000_000,
          },
        },
      ],
    }),
  });
  // An ingress whose Redis is unreachable (nothing listens on port 1).
  cutOff = await startIngress(
    {
      ...ingressSettingsFromEnv(),
      port: 0,
      processId: `nored${randomUUID().slice(0, 8)}`,
      redisUrl: 'redis://127.0.0.1:1',
    },
    stack.config,
    createLogger('test', { level: 'silent' }),
  );
});
afterAll(async () => {
  await cutOff?.close();
  await stack?.close();
});

describe('Redis unreachable', () => {
  it('refuses requests with 503 instead of serving them unbilled, and fast', async () => {
    const before = stack.upstream.stats.requests;
    const started = Date.now();
    const res = await fetch(`${cutOff.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      'billing_unavailable',
    );
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(stack.upstream.stats.requests).toBe(before);
  });

  it('serves a model configured to fail open, up to its local cap, then refuses with 503', async () => {
    const send = () =>
      fetch(`${cutOff.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ model: 'fails-open', messages: [{ role: 'user', content: 'hi' }] }),
      });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await send()).status);
    expect(statuses).toEqual([200, 200, 503]);
  });

  it('while an ingress with Redis keeps serving', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit-requests')).toBeNull(); // this key has no limits
  });
});
