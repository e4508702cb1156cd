import { randomBytes } from 'node:crypto';
import {
  cacheHeaders,
  type ChatCompletionRequest,
  type ChatCompletionResponse,
} from '@alfred/contracts';
import { maskChatPrompt } from '@alfred/pii-redaction';
import { tokensFromUsage } from '../billing/token-counts.ts';
import { streamedAnswer } from '../cache/streamed-answer.ts';
import { connectorFor } from '../providers/registry.ts';
import { malformedUpstreamAnswer } from '../upstream/upstream-failure.ts';
import { runAttemptChain } from './attempt-chain.ts';
import { attemptChainFor } from './planned-attempts.ts';
import { relayChatStream } from './relay-chat-stream.ts';
import { serveCachedAnswer } from './serve-cached-answer.ts';
import { answerHeaders, type ServeContext } from './serve-context.ts';
import { callUpstream } from './upstream-call.ts';

/** Ids for providers that give none: a random per-process prefix and a counter. */
const idPrefix = `chatcmpl-${randomBytes(9).toString('base64url')}`;
let idCounter = 0;
function nextCompletionId(): string {
  return idPrefix + (idCounter++).toString(36);
}

export async function serveChatCompletion(ctx: ServeContext): Promise<void> {
  const request = promptForProvider(ctx);
  const model = ctx.router.modelConfig(ctx.work.model);
  const orgId = ctx.work.caller.orgId;
  // Looked up with the prompt as the provider would see it: masked PII is never cached.
  const cached = model?.cache
    ? await ctx.cache.lookup(orgId, model, request, ctx.work.cache, ctx.signal)
    : {};
  if (cached.serve) {
    await serveCachedAnswer(ctx, cached.serve);
    return;
  }
  if (model?.cache) ctx.channel.setHeader(cacheHeaders.status, 'MISS');
  // A stream is relayed inside its attempt: it may fail over until its first byte is sent.
  const { result } = await runAttemptChain(
    attemptChainFor(ctx, ctx.work.stream),
    async ({ planned, budget, signal }) => {
      const { target } = planned;
      const connector = connectorFor(target.provider.type);
      const started = performance.now();
      const identity = {
        id: nextCompletionId(),
        created: Math.floor(Date.now() / 1000),
        model: target.deployment.model,
      };
      const call = { http: ctx.http, connector, target, signal, budget, stream: ctx.work.stream };
      const response = await callUpstream(call, connector.chat.buildRequest(request, target));
      if (ctx.work.stream) {
        const delivered = await relayChatStream(
          ctx,
          connector,
          target,
          response,
          identity,
          started,
          signal,
        );
        // Assembled into one answer only for the cache, the one reader of a streamed answer.
        const answer = delivered && model?.cache ? streamedAnswer(delivered) : null;
        return { answer: answer ?? undefined, replied: true };
      }
      let parsed;
      try {
        parsed = connector.chat.parseResponse(await response.body.json(), identity);
      } catch (error) {
        if (signal.aborted) throw error;
        throw malformedUpstreamAnswer(target.deployment.provider);
      }
      ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
      return { answer: parsed, replied: false };
    },
  );
  const { answer } = result;
  if (answer && !result.replied) await replyWithAnswer(ctx, answer);
  if (answer && model?.cache) {
    await ctx.cache.store(orgId, model, request, answer, ctx.work.cache, cached.shadow);
  }
}

async function replyWithAnswer(ctx: ServeContext, answer: ChatCompletionResponse): Promise<void> {
  const tokens = answer.usage ? tokensFromUsage(answer.usage) : undefined;
  // Only a billed request has a cost to tell (credits off: no reservation, no charge).
  if (tokens && ctx.work.billing)
    ctx.channel.setHeader(answerHeaders.costMicros, String(ctx.settlement.costOf(tokens)));
  // The usage event is written to NATS before the reply, on the same connection, so a client
  // told a cost implies the event reached JetStream; its acknowledgement and the Redis
  // settlement are awaited after the reply, off the client's critical path.
  const charging = tokens ? ctx.settlement.charge(tokens, 'success') : undefined;
  await ctx.channel.respond(200, JSON.stringify(answer));
  await charging;
}

/** The request as the provider may see it: with PII masked if the caller's team says so. */
function promptForProvider(ctx: ServeContext): ChatCompletionRequest {
  const request = ctx.work.body as ChatCompletionRequest;
  const policy = ctx.router.teamPolicy(ctx.work.caller.teamId)?.pii;
  if (!policy?.maskPromptPii) return request;
  const masked = maskChatPrompt(request, policy);
  if (masked.total > 0) {
    ctx.log.info({ requestId: ctx.work.id, masked: masked.masked }, 'PII masked in the prompt');
  }
  return masked.request;
}
