import { cacheHeaders, type ChatCompletionRequest } from '@alfred/contracts';
import { tokensFromUsage } from '../billing/token-counts.ts';
import { cacheHitCostMicros } from '../cache/cache-hit-billing.ts';
import { replayedChunks, replayedResponse } from '../cache/cached-answer-replay.ts';
import type { CachedServe } from '../cache/response-cache.ts';
import { answerHeaders, streamCostComment, type ServeContext } from './serve-context.ts';

const framesPerMessage = 64;

/**
 * Answers from the cache, as JSON or replayed as the SSE stream a provider would have sent,
 * and records the hit in usage at the cost the model's hit billing policy sets (free unless
 * configured otherwise). No provider is called.
 */
export async function serveCachedAnswer(ctx: ServeContext, cached: CachedServe): Promise<void> {
  const request = ctx.work.body as ChatCompletionRequest;
  ctx.channel.setHeader(cacheHeaders.status, cached.status === 'hit' ? 'HIT' : 'SEMANTIC');
  if (cached.similarity !== undefined) {
    ctx.channel.setHeader(cacheHeaders.similarity, cached.similarity.toFixed(4));
  }
  const usage = cached.response.usage;
  const tokens = usage
    ? tokensFromUsage(usage)
    : { input: ctx.settlement.estimatedInputTokens, output: 0, cachedInput: 0 };
  const costMicros = cacheHitCostMicros(cached.config.hitBilling, ctx.settlement.costOf(tokens));
  const told = ctx.work.billing ? String(costMicros) : undefined;
  const charging = ctx.settlement.charge(tokens, 'success', {
    cacheStatus: cached.status,
    costMicros,
  });
  if (ctx.work.stream) {
    const chunks = replayedChunks(cached.response, {
      includeUsage: request.stream_options?.include_usage === true,
    });
    // In batches, as a provider's stream would come: one NATS message stays small.
    let frames = '';
    for (let i = 0; i < chunks.length; i++) {
      frames += `data: ${JSON.stringify(chunks[i])}\n\n`;
      if ((i + 1) % framesPerMessage === 0 && i + 1 < chunks.length) {
        await ctx.channel.sendChunk(frames);
        frames = '';
      }
    }
    const cost = told === undefined ? '' : streamCostComment(told);
    ctx.channel.end(`${frames}${cost}data: [DONE]\n\n`);
  } else {
    if (told !== undefined) ctx.channel.setHeader(answerHeaders.costMicros, told);
    await ctx.channel.respond(200, JSON.stringify(replayedResponse(cached.response)));
  }
  await charging;
}
