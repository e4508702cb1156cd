import { randomBytes } from 'node:crypto';
import type { ChatCompletionRequest, ChatCompletionResponse } from '@alfred/contracts';
import { startFakeUpstream, type FakeUpstream } from '@alfred/fake-upstream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import type { EmbedText } from '../semantic-cache.ts';

export const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** Real Redis under a key prefix of the test file's own; its keys are deleted afterwards. */
export function useCacheRedis(): { redis: () => Redis; prefix: string } {
  const prefix = `test-cache-${randomBytes(6).toString('hex')}`;
  let redis: Redis | undefined;
  beforeAll(() => {
    redis = new Redis(redisUrl);
  });
  afterAll(async () => {
    if (!redis) return;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    await redis.quit();
  });
  return {
    prefix,
    redis: () => {
      if (!redis) throw new Error('Redis is not connected yet');
      return redis;
    },
  };
}

/**
 * The fake upstream's /v1/embeddings over HTTP, as the embeddings deployment the gateway
 * will call; `calls` counts them.
 */
export function useFakeEmbeddings(dimensions = 256): { embed: EmbedText; calls: () => number } {
  let upstream: FakeUpstream | undefined;
  let calls = 0;
  beforeAll(async () => {
    upstream = await startFakeUpstream({
      port: 0,
      host: '127.0.0.1',
      embeddingDimensions: dimensions,
    });
  });
  afterAll(() => upstream?.close());
  const embed: EmbedText = async (text, signal) => {
    calls++;
    const response = await fetch(`${upstream!.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-3-small', input: text }),
      signal,
    });
    const body = (await response.json()) as { data: Array<{ embedding: number[] }> };
    return Float32Array.from(body.data[0]!.embedding);
  };
  return { embed, calls: () => calls };
}

export function chatRequest(
  prompt: string,
  fields: Partial<ChatCompletionRequest> = {},
): ChatCompletionRequest {
  return { model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }], ...fields };
}

export function chatAnswer(
  content: string,
  fields: Partial<ChatCompletionResponse> = {},
): ChatCompletionResponse {
  return {
    id: 'chatcmpl-upstream',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
    system_fingerprint: 'fp_test',
    ...fields,
  };
}
