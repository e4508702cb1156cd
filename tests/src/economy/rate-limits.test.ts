import { createApiKey } from '@alfred/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.close());

function chat(apiKey: string) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      max_tokens: 5,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
}

describe('rate limits per key', () => {
  it("carries OpenAI's x-ratelimit headers and answers 429 rate_limit_exceeded with Retry-After past the limit", async () => {
    const { apiKey } = await createApiKey(stack.database, {
      orgId: stack.orgId,
      name: 'limited',
      rpmLimit: 2,
    });
    const first = await chat(apiKey);
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining-requests')).toBe('1');
    expect(first.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(\.\d+)?m?s|^\d+m\d+s$/);
    expect((await chat(apiKey)).status).toBe(200);
    const refused = await chat(apiKey);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { error: { code: string; type: string } };
    expect(body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
    // Another key of the same organization is not affected.
    expect((await chat(stack.apiKey)).status).toBe(200);
  });

  it('limits tokens per minute on the worst case of each request', async () => {
    const { apiKey } = await createApiKey(stack.database, {
      orgId: stack.orgId,
      name: 'tpm',
      tpmLimit: 40,
    });
    // Each request reserves 9 prompt + 5 output tokens (worst case): sent together, only two
    // fit in 40. One at a time, each is corrected to its actual 6 tokens once settled, and all
    // four fit.
    const together = await Promise.all(Array.from({ length: 4 }, () => chat(apiKey)));
    expect(together.map((r) => r.status).sort()).toEqual([200, 200, 429, 429]);
    const { apiKey: other } = await createApiKey(stack.database, {
      orgId: stack.orgId,
      name: 'tpm2',
      tpmLimit: 40,
    });
    const oneByOne = [];
    for (let i = 0; i < 4; i++) {
      oneByOne.push((await chat(other)).status);
      // Workers settle after the reply, a few requests at a time (WORKER_SETTLEMENT_WINDOW_MS).
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(oneByOne).toEqual([200, 200, 200, 200]);
  });
});
