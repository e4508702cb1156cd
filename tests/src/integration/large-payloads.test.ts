import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

interface Answer {
  data: { embedding: number[] }[];
  usage: { prompt_tokens: number };
}

async function post(path: string, body: unknown) {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

describe('payloads larger than one NATS message', () => {
  it('carries a 5 MB prompt to the provider intact', async () => {
    const content = 'large prompt '.repeat(400_000);
    const res = await post('/v1/chat/completions', {
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content }],
      max_tokens: 5,
    });
    expect(res.status).toBe(200);
    const sent = stack.upstream.stats.lastRequest!.body as { messages: { content: string }[] };
    expect(sent.messages[0]!.content).toBe(content);
    expect(res.body.usage.prompt_tokens).toBeGreaterThan(400_000);
  });

  it('returns an answer of many megabytes whole', async () => {
    const input = Array.from({ length: 300 }, (_, i) => `text number ${i}`);
    const res = await post('/v1/embeddings', {
      model: 'text-embedding-3-small',
      input,
      dimensions: 3072,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(300);
    expect(res.body.data[299]!.embedding).toHaveLength(3072);
    const again = await post('/v1/embeddings', {
      model: 'text-embedding-3-small',
      input: 'text number 299',
      dimensions: 3072,
    });
    expect(again.body.data[0]!.embedding).toEqual(res.body.data[299]!.embedding);
  });
});
