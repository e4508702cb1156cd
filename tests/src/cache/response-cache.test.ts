import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricedModelName, priceModel } from '../test-support/priced-model.ts';
import { startTestLedger } from '../test-support/test-ledger.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';
import { usageRecordsOnceWritten } from '../test-support/usage-records.ts';

// A model with the exact and the semantic cache on. The fake's embeddings are a bag of
// words, so "the same content words" is what "the same meaning" is here (threshold 0.85).
const model = pricedModelName();
let stack: TestStack;
let ledger: { stop(): Promise<void> };

beforeAll(async () => {
  await priceModel(model);
  stack = await startTestStack({
    configure: (config) => ({
      ...config,
      models: [
        ...config.models,
        {
          name: model,
          deployments: ['fake-gpt-4o-mini'],
          pool: config.models[0]!.pool,
          maxOutputTokens: 50,
          cache: {
            exact: { enabled: true },
            semantic: { mode: 'on', embeddingsModel: 'text-embedding-3-small', threshold: 0.85 },
          },
        },
      ],
    }),
  });
  ledger = await startTestLedger();
});
afterAll(async () => {
  await ledger?.stop();
  await stack?.close();
});

function ask(
  content: string,
  options: { stream?: boolean; headers?: Record<string, string> } = {},
) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.apiKey}`,
      'content-type': 'application/json',
      ...options.headers,
    },
    body: JSON.stringify({
      model,
      stream: options.stream ?? false,
      messages: [{ role: 'user', content }],
    }),
  });
}

const Answer = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string() }) })),
});
const upstreamCalls = () => stack.upstream.stats.byRoute['openai.chat'];

describe('the response cache', () => {
  it('answers an identical request from the exact cache, without calling the provider', async () => {
    const first = await ask('Name three prime numbers below twenty.');
    expect(first.headers.get('x-alfred-cache')).toBe('MISS');
    const fresh = Answer.parse(await first.json());
    await new Promise((resolve) => setTimeout(resolve, 100)); // the answer is stored after the reply
    const calls = upstreamCalls();
    const second = await ask('Name three prime numbers below twenty.');
    expect(second.status).toBe(200);
    expect(second.headers.get('x-alfred-cache')).toBe('HIT');
    expect(Answer.parse(await second.json()).choices[0]!.message.content).toBe(
      fresh.choices[0]!.message.content,
    );
    expect(upstreamCalls()).toBe(calls);
  });

  it('replays a cached answer as an SSE stream', async () => {
    const prompt = 'Describe a rainbow in one sentence.';
    const fresh = Answer.parse(await (await ask(prompt)).json());
    await new Promise((resolve) => setTimeout(resolve, 100));
    const streamed = await ask(prompt, { stream: true });
    expect(streamed.headers.get('x-alfred-cache')).toBe('HIT');
    const text = await streamed.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const content = text
      .split('\n')
      .filter((line) => line.startsWith('data: {'))
      .map((line) => JSON.parse(line.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((chunk) => chunk.choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe(fresh.choices[0]!.message.content);
  });

  it('keeps a streamed answer for the next identical request', async () => {
    const prompt = 'Stream me a short greeting for the cache.';
    await (await ask(prompt, { stream: true })).text();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await ask(prompt)).headers.get('x-alfred-cache')).toBe('HIT');
  });

  it('obeys Cache-Control: no-cache asks the provider, no-store keeps nothing', async () => {
    const prompt = 'Count from one to five in words.';
    await (await ask(prompt)).json();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const noCache = await ask(prompt, { headers: { 'cache-control': 'no-cache' } });
    expect(noCache.headers.get('x-alfred-cache')).toBe('MISS');
    await noCache.json();
    const stored = 'A question nobody may keep an answer to.';
    await (await ask(stored, { headers: { 'cache-control': 'no-store' } })).json();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await ask(stored)).headers.get('x-alfred-cache')).toBe('MISS');
    const badTtl = await ask(prompt, { headers: { 'x-alfred-cache-ttl': 'forever' } });
    expect(badTtl.status).toBe(400);
    expect(((await badTtl.json()) as { error: { param: string } }).error.param).toBe(
      'x-alfred-cache-ttl',
    );
  });

  it('answers a paraphrase from the semantic cache with its similarity, and not an unrelated prompt', async () => {
    await (await ask('How do I reverse a list in Python?')).json();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const paraphrase = await ask('How can I reverse a Python list?');
    expect(paraphrase.headers.get('x-alfred-cache')).toBe('SEMANTIC');
    expect(Number(paraphrase.headers.get('x-alfred-cache-similarity'))).toBeGreaterThanOrEqual(
      0.85,
    );
    await paraphrase.json();
    const unrelated = await ask('What is the boiling point of water at sea level?');
    expect(unrelated.headers.get('x-alfred-cache')).toBe('MISS');
    await unrelated.json();
  });

  it('records hits in usage, free by default, so the savings show', async () => {
    const rows = await usageRecordsOnceWritten(stack.database, stack.orgId, (written) =>
      written.some((r) => r.cacheStatus === 'semantic'),
    );
    const hits = rows.filter((r) => r.cacheStatus !== 'miss');
    expect(hits.map((r) => r.cacheStatus)).toEqual(expect.arrayContaining(['hit', 'semantic']));
    expect(hits.every((r) => r.costMicros === 0)).toBe(true);
    expect(rows.filter((r) => r.cacheStatus === 'miss').every((r) => r.costMicros > 0)).toBe(true);
  });
});
