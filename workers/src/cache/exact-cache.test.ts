import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createCacheMetrics } from './cache-metrics.ts';
import { ExactCache } from './exact-cache.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import { chatAnswer, chatRequest, useCacheRedis } from './test-support/cache-fixture.ts';

const { redis, prefix } = useCacheRedis();
const cache = (options = {}) => new ExactCache(redis(), { prefix, ...options });

describe('ExactCache', () => {
  it('answers an identical request from the cache, streamed or not, under the documented key', async () => {
    const exact = cache();
    const request = chatRequest('What is the capital of France?', { temperature: 0 });
    expect(await exact.get('org-a', request)).toBeNull();
    expect(await exact.put('org-a', request, chatAnswer('Paris.'), 60)).toBe(true);
    const hit = await exact.get('org-a', { ...request, stream: true, user: 'someone else' });
    expect(hit?.response).toEqual(chatAnswer('Paris.'));
    expect(hit!.storedAt).toBeGreaterThan(Date.now() - 5000);
    const key = `${prefix}:cache:exact:org-a:${requestFingerprint(request)}`;
    expect(exact.keyOf('org-a', request)).toBe(key);
    const ttl = await redis().pttl(key);
    expect(ttl).toBeGreaterThan(55_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
  });

  it('misses a request that differs in anything that changes the answer', async () => {
    const exact = cache();
    const request = chatRequest('Name a colour.', { temperature: 0.7 });
    await exact.put('org-a', request, chatAnswer('Blue.'), 60);
    expect(await exact.get('org-a', { ...request, temperature: 0.8 })).toBeNull();
    expect(await exact.get('org-a', { ...request, model: 'gpt-4o' })).toBeNull();
    expect(await exact.get('org-a', chatRequest('Name a color.', { temperature: 0.7 }))).toBeNull();
  });

  it('keeps each org to its own answers', async () => {
    const exact = cache();
    const request = chatRequest('Our internal project codename?');
    await exact.put('org-a', request, chatAnswer('Bluebird.'), 60);
    expect(await exact.get('org-b', request)).toBeNull();
    expect((await exact.get('org-a', request))?.response.choices[0]?.message.content).toBe(
      'Bluebird.',
    );
  });

  it('forgets an answer when its TTL runs out', async () => {
    const exact = cache();
    const request = chatRequest('Short-lived?');
    await exact.put('org-a', request, chatAnswer('Yes.'), 0.2);
    expect(await exact.get('org-a', request)).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await exact.get('org-a', request)).toBeNull();
  });

  it('stores only answers the provider finished, and none above the size limit', async () => {
    const exact = cache({ maxEntryBytes: 2000 });
    const request = chatRequest('Anything');
    const filtered = chatAnswer('partial');
    filtered.choices[0]!.finish_reason = 'content_filter';
    const unfinished = chatAnswer('partial');
    unfinished.choices[0]!.finish_reason = null;
    expect(await exact.put('org-a', request, filtered, 60)).toBe(false);
    expect(await exact.put('org-a', request, unfinished, 60)).toBe(false);
    expect(await exact.put('org-a', request, chatAnswer('', { choices: [] }), 60)).toBe(false);
    // Random text does not deflate: 3000 characters stay above 2000 bytes.
    const noise = Array.from({ length: 3000 }, () =>
      String.fromCharCode(33 + Math.floor(Math.random() * 90)),
    ).join('');
    expect(await exact.put('org-a', request, chatAnswer(noise), 60)).toBe(false);
    expect(await exact.get('org-a', request)).toBeNull();
  });

  it('stores long answers deflated and gives them back whole', async () => {
    const exact = cache();
    const request = chatRequest('Tell me a long story.');
    const story = 'Once upon a time, a gateway cached an answer. '.repeat(400);
    await exact.put('org-a', request, chatAnswer(story), 60);
    const stored = await redis().getBuffer(exact.keyOf('org-a', request));
    expect(stored!.length).toBeLessThan(story.length / 4);
    expect((await exact.get('org-a', request))?.response.choices[0]?.message.content).toBe(story);
  });

  it('counts hits and misses, and treats an unreachable Redis as a miss', async () => {
    const registry = new Registry();
    const metrics = createCacheMetrics(registry);
    const exact = cache({ metrics });
    const request = chatRequest('Count me');
    await exact.get('org-a', request);
    await exact.put('org-a', request, chatAnswer('Counted.'), 60);
    await exact.get('org-a', request);
    const down = new Redis({
      port: 1,
      host: '127.0.0.1',
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    const unreachable = new ExactCache(down, { prefix, metrics });
    expect(await unreachable.get('org-a', request)).toBeNull();
    expect(await unreachable.put('org-a', request, chatAnswer('x'), 60)).toBe(false);
    down.disconnect();
    const text = await registry.metrics();
    expect(text).toContain('alfred_cache_lookups_total{layer="exact",result="miss"} 1');
    expect(text).toContain('alfred_cache_lookups_total{layer="exact",result="hit"} 1');
    expect(text).toContain('alfred_cache_lookups_total{layer="exact",result="error"} 1');
  });
});
