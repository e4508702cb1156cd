/**
 * What an exact cache hit costs a worker, against the local Redis: fingerprint the request,
 * GET, decode, and build the reply (JSON, or SSE replay). This is the part a hit adds to the
 * ingress floor; the NATS hop to the worker and back is the floor itself.
 *
 *   npm run bench:cache-hit [-- --requests 5000]
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { replayedChunks, replayedResponse, sseFrames } from '../src/cache/cached-answer-replay.ts';
import { ExactCache } from '../src/cache/exact-cache.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' } } });
const requests = Number(values.requests);
const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
const prefix = `bench-cache-${process.pid}`;
const cache = new ExactCache(redis, { prefix });

const request = {
  model: 'gpt-4o-mini',
  temperature: 0,
  messages: [
    { role: 'system' as const, content: 'You are a helpful assistant. '.repeat(20) },
    {
      role: 'user' as const,
      content: 'Explain how a response cache in an LLM gateway works. '.repeat(4),
    },
  ],
};
const answer = {
  id: 'chatcmpl-x',
  object: 'chat.completion' as const,
  created: 1_700_000_000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant' as const,
        content: 'A cache keeps answers by request. '.repeat(60),
      },
      logprobs: null,
      finish_reason: 'stop' as const,
    },
  ],
  usage: { prompt_tokens: 180, completion_tokens: 420, total_tokens: 600 },
};
await cache.put('org-bench', request, answer, 300);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

for (const kind of ['json', 'sse'] as const) {
  const times: number[] = [];
  for (let i = 0; i < requests + 500; i++) {
    const start = performance.now();
    const hit = await cache.get('org-bench', request);
    const body =
      kind === 'json'
        ? JSON.stringify(replayedResponse(hit!.response))
        : sseFrames(replayedChunks(hit!.response, { includeUsage: true }));
    if (body.length === 0) throw new Error('empty reply');
    if (i >= 500) times.push(performance.now() - start); // the first 500 warm the JIT up
  }
  times.sort((a, b) => a - b);
  console.log(
    `exact hit, ${kind.padEnd(4)} reply of a ${answer.choices[0]!.message.content.length}-char answer: ` +
      `p50 ${percentile(times, 50).toFixed(3)} ms, p99 ${percentile(times, 99).toFixed(3)} ms ` +
      `(${requests} hits, GET included)`,
  );
}
await redis.del(cache.keyOf('org-bench', request));
await redis.quit();
