import type { ChatCompletionRequest } from '@alfred/contracts';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCacheMetrics } from './cache-metrics.ts';
import { SemanticCache, type SemanticCacheOptions } from './semantic-cache.ts';
import {
  chatAnswer,
  chatRequest,
  useCacheRedis,
  useFakeEmbeddings,
} from './test-support/cache-fixture.ts';
import {
  fakeEmbeddingThreshold,
  paraphrases,
  unrelated,
} from './test-support/paraphrase-corpus.ts';

const { redis, prefix } = useCacheRedis();
const { embed, calls } = useFakeEmbeddings(256);
let scopes = 0;
/** Each test its own org, so tests do not see each other's entries. */
const newOrg = () => `org-${++scopes}`;

function semanticCache(options: Partial<SemanticCacheOptions> = {}): SemanticCache {
  return new SemanticCache(redis(), {
    mode: 'on',
    embeddingsModel: 'text-embedding-3-small',
    threshold: fakeEmbeddingThreshold,
    ttlSeconds: 60,
    maxEntriesPerScope: 1000,
    lookupTimeoutMs: 2000,
    embed,
    prefix,
    ...options,
  });
}
const signal = () => AbortSignal.timeout(5000);

describe('SemanticCache', () => {
  it('answers paraphrases above the threshold with the cached answer and its similarity', async () => {
    const cache = semanticCache();
    const org = newOrg();
    for (const [asked] of paraphrases) {
      expect(await cache.put(org, chatRequest(asked), chatAnswer(`About: ${asked}`))).toBe(true);
    }
    for (const [asked, paraphrase] of paraphrases) {
      const hit = await cache.lookup(org, chatRequest(paraphrase), signal());
      expect(hit, paraphrase).not.toBeNull();
      expect(hit!.served).toBe(true);
      expect(hit!.similarity).toBeGreaterThanOrEqual(fakeEmbeddingThreshold);
      expect(hit!.answer.response.choices[0]!.message.content).toBe(`About: ${asked}`);
    }
  });

  it('does not answer unrelated prompts, even ones sharing words', async () => {
    const cache = semanticCache();
    const org = newOrg();
    for (const [asked] of unrelated) await cache.put(org, chatRequest(asked), chatAnswer(asked));
    for (const [, other] of unrelated) {
      expect(await cache.lookup(org, chatRequest(other), signal()), other).toBeNull();
    }
  });

  it('keeps answers within their org and model', async () => {
    const cache = semanticCache();
    const [orgA, orgB] = [newOrg(), newOrg()];
    await cache.put(orgA, chatRequest('What is the capital of France?'), chatAnswer('Paris.'));
    const paraphrase = "what's the capital of france";
    expect(await cache.lookup(orgB, chatRequest(paraphrase), signal())).toBeNull();
    expect(
      await cache.lookup(orgA, chatRequest(paraphrase, { model: 'gpt-4o' }), signal()),
    ).toBeNull();
    expect(await cache.lookup(orgA, chatRequest(paraphrase), signal())).not.toBeNull();
  });

  it('answers only requests with the same instructions and parameters', async () => {
    const cache = semanticCache();
    const org = newOrg();
    const withSystem = (system: string, prompt: string): ChatCompletionRequest => ({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: prompt },
      ],
    });
    await cache.put(
      org,
      withSystem('Answer in French.', 'What is the capital of France?'),
      chatAnswer('Paris.'),
    );
    const paraphrase = "what's the capital of france";
    expect(
      await cache.lookup(org, withSystem('Answer in German.', paraphrase), signal()),
    ).toBeNull();
    expect(
      await cache.lookup(
        org,
        { ...withSystem('Answer in French.', paraphrase), max_tokens: 5 },
        signal(),
      ),
    ).toBeNull();
    expect(
      await cache.lookup(org, withSystem('Answer in French.', paraphrase), signal()),
    ).not.toBeNull();
  });

  it('skips requests whose meaning is not all in text', async () => {
    const cache = semanticCache();
    const org = newOrg();
    const image = (url: string): ChatCompletionRequest => ({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Describe this image.' },
            { type: 'image_url', image_url: { url } },
          ],
        },
      ],
    });
    expect(await cache.put(org, image('https://example.test/cat.png'), chatAnswer('A cat.'))).toBe(
      false,
    );
    expect(await cache.lookup(org, image('https://example.test/dog.png'), signal())).toBeNull();
  });

  it('in shadow mode never serves, counts would-be hits, and judges them against the fresh answer', async () => {
    const registry = new Registry();
    const metrics = createCacheMetrics(registry);
    const cache = semanticCache({ mode: 'shadow', metrics });
    const org = newOrg();
    const question = chatRequest('What is the boiling point of water at sea level?');
    await cache.put(org, question, chatAnswer('Water boils at 100 °C at sea level.'));
    const hit = await cache.lookup(
      org,
      chatRequest('At sea level, what is the boiling point of water?'),
      signal(),
    );
    expect(hit).toMatchObject({ served: false });
    expect(cache.recordShadowOutcome(hit!, chatAnswer('At sea level water boils at 100 °C.'))).toBe(
      true,
    );
    expect(cache.recordShadowOutcome(hit!, chatAnswer('Mount Everest is 8,849 metres high.'))).toBe(
      false,
    );
    expect(await cache.lookup(org, chatRequest('Who painted the Mona Lisa?'), signal())).toBeNull();
    const text = await registry.metrics();
    expect(text).toContain('alfred_semantic_cache_shadow_hits_total 1');
    expect(text).toContain('alfred_semantic_cache_shadow_false_hits_total 1');
    expect(text).toContain('alfred_cache_lookups_total{layer="semantic",result="shadow_hit"} 1');
    expect(text).toContain('alfred_cache_lookups_total{layer="semantic",result="miss"} 1');
    expect(text).toMatch(/alfred_semantic_cache_similarity_count 2/);
  });

  it('shares entries between workers through Redis, at load and as they are added', async () => {
    const org = newOrg();
    const first = semanticCache();
    await first.put(
      org,
      chatRequest('How do I reverse a list in Python?'),
      chatAnswer('Use reversed().'),
    );
    const second = semanticCache({ syncIntervalMs: 0 });
    const loaded = await second.lookup(
      org,
      chatRequest('How can I reverse a Python list?'),
      signal(),
    );
    expect(loaded?.answer.response.choices[0]!.message.content).toBe('Use reversed().');
    // Added by the first worker after the second loaded the scope: the second catches up.
    await first.put(org, chatRequest('Convert 5 miles to kilometers'), chatAnswer('8.05 km.'));
    // Each lookup starts a background catch-up when the scope is stale (here: always).
    let synced = null;
    for (let attempt = 0; attempt < 40 && !synced; attempt++) {
      synced = await second.lookup(org, chatRequest('convert 5 mile into kilometers'), signal());
      if (!synced) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(synced?.answer.response.choices[0]!.message.content).toBe('8.05 km.');
  });

  it('evicts the oldest entries past maxEntriesPerScope, in Redis and in memory', async () => {
    const org = newOrg();
    const cache = semanticCache({ maxEntriesPerScope: 2 });
    // Loaded before the puts, so memory evicts on its own rather than reloading Redis's set.
    expect(
      await cache.lookup(org, chatRequest('Summarize the plot of Hamlet.'), signal()),
    ).toBeNull();
    for (const prompt of [
      'Write a haiku about autumn leaves',
      'Summarize the plot of Hamlet.',
      'Who wrote Pride and Prejudice?',
    ]) {
      await cache.put(org, chatRequest(prompt), chatAnswer(prompt));
    }
    const streams = await redis().keys(`${prefix}:cache:semantic:${org}:*:entries`);
    expect(streams).toHaveLength(1);
    expect(await redis().xlen(streams[0]!)).toBe(2);
    expect(
      await cache.lookup(org, chatRequest('Write a haiku about autumn leaves'), signal()),
    ).toBeNull();
    expect(
      await cache.lookup(org, chatRequest('Who wrote Pride and Prejudice?'), signal()),
    ).not.toBeNull();
  });

  it('misses instead of failing when embedding fails or is too slow, and reuses a lookup embedding to store', async () => {
    const registry = new Registry();
    const metrics = createCacheMetrics(registry);
    const org = newOrg();
    const failing = semanticCache({
      metrics,
      embed: () => Promise.reject(new Error('embeddings down')),
    });
    expect(await failing.lookup(org, chatRequest('Anything at all?'), signal())).toBeNull();
    expect(await failing.put(org, chatRequest('Anything at all?'), chatAnswer('No.'))).toBe(false);
    const slow = semanticCache({
      metrics,
      lookupTimeoutMs: 50,
      embed: () => new Promise(() => {}),
    });
    expect(await slow.lookup(org, chatRequest('Anything at all?'), signal())).toBeNull();
    expect(await registry.metrics()).toContain(
      'alfred_cache_lookups_total{layer="semantic",result="error"} 2',
    );

    const cache = semanticCache();
    const request = chatRequest('Recommend a good book about the history of Rome');
    const before = calls();
    expect(await cache.lookup(org, request, signal())).toBeNull();
    expect(await cache.put(org, request, chatAnswer('SPQR by Mary Beard.'))).toBe(true);
    expect(calls() - before).toBe(1);
  });

  it('forgets entries whose TTL ran out', async () => {
    const org = newOrg();
    const cache = semanticCache();
    await cache.put(
      org,
      chatRequest('Give me three tips for better sleep.'),
      chatAnswer('Dark, cool, quiet.'),
      0.2,
    );
    expect(
      await cache.lookup(org, chatRequest('Tips for better sleep: give me three.'), signal()),
    ).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(
      await cache.lookup(org, chatRequest('Tips for better sleep: give me three.'), signal()),
    ).toBeNull();
  });
});
