import {
  gatewayErrors,
  type ChatCompletionChunk,
  type TokenCounts,
  type UsageOutcome,
} from '@alfred/contracts';
import { deliveredOutputTokens, tokensFromUsage } from '../billing/token-counts.ts';
import {
  UpstreamStreamError,
  type ChatStreamTranslator,
  type ProviderConnector,
  type ResponseContext,
  type UpstreamTarget,
} from '../providers/connector.ts';
import { chunkWireText } from '../providers/chunk-wire-text.ts';
import { ClientGoneError } from '../replies/reply-channel.ts';
import {
  fromUpstreamError,
  malformedUpstreamAnswer,
  upstreamStreamCut,
} from '../upstream/upstream-failure.ts';
import { streamEventBatches } from '../upstream/stream-events.ts';
import type { UpstreamResponse } from '../upstream/upstream-http.ts';
import { answerHeaders, streamCostComment, type ServeContext } from './serve-context.ts';

const done = 'data: [DONE]\n\n';

/**
 * Relays a provider's stream to the client as OpenAI chunks, batched per upstream read,
 * and bills it: the provider's usage when it reported it, otherwise what was delivered.
 * The cost travels to the client as an SSE comment before `[DONE]` (clients ignore it).
 * Resolves with the chunks delivered when the stream completed (the cache may keep them),
 * `undefined` when it ended with an error event.
 */
export async function relayChatStream(
  ctx: ServeContext,
  connector: ProviderConnector,
  target: UpstreamTarget,
  response: UpstreamResponse,
  identity: ResponseContext,
  started: number,
  /** The attempt's signal: aborted by the client leaving or by the attempt's timeout. */
  attemptSignal: AbortSignal,
): Promise<readonly ChatCompletionChunk[] | undefined> {
  const request = ctx.work.body as { stream_options?: { include_usage?: boolean } | null };
  const translator = connector.chat.createStreamTranslator({
    ...identity,
    includeUsage: request.stream_options?.include_usage === true,
  });
  const delivered: ChatCompletionChunk[] = [];
  const billFor = (outcome: UsageOutcome) =>
    ctx.settlement.charge(tokensSoFar(ctx, translator, delivered), outcome);
  // Chunks that carry no output yet (the role announcement) wait for the first one that does:
  // until a byte of output is sent, a failing stream can still fail over to another deployment.
  let held = '';
  let carriedOutput = false;
  let upstreamMsSet = false;
  try {
    // The body is read to its end rather than left with `break`: abandoning the iterator
    // destroys the socket and builds an AbortError, which showed in CPU profiles.
    for await (const events of streamEventBatches(response.body, connector.chat.streamFraming)) {
      let frames = held;
      for (const event of events) {
        if (translator.done) break;
        for (const chunk of translator.push(event)) {
          delivered.push(chunk);
          carriedOutput ||= carriesOutput(chunk);
          frames += `data: ${chunkWireText(chunk)}\n\n`;
        }
      }
      if (carriedOutput && !ctx.channel.started && !upstreamMsSet) {
        ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
        upstreamMsSet = true;
      }
      // A read that also ended the stream (a short answer, or a fast provider) goes out
      // with the end in one message: one publish, and one write to the client, fewer.
      const last = translator.done;
      held = carriedOutput && !last ? '' : frames;
      if (frames && carriedOutput && !last) await ctx.channel.sendChunk(frames);
    }
  } catch (error) {
    if (ctx.signal.aborted || error instanceof ClientGoneError) {
      // The client went away: what it received is billed, once.
      if (ctx.channel.started) await billFor('client_cancelled');
      throw error;
    }
    const failure = attemptSignal.aborted
      ? gatewayErrors.upstreamTimeout(Math.round((performance.now() - started) / 100) / 10)
      : error instanceof UpstreamStreamError
        ? fromUpstreamError(error.info)
        : error instanceof SyntaxError
          ? malformedUpstreamAnswer(target.deployment.provider)
          : upstreamStreamCut(target.deployment.provider);
    if (!ctx.channel.started) throw failure;
    // Bytes already reached the client: the stream ends with an error event, as OpenAI's does.
    ctx.channel.end(`data: ${JSON.stringify(failure.toBody())}\n\n${done}`);
    ctx.log.warn({ requestId: ctx.work.id, code: failure.code }, 'upstream stream failed midway');
    await billFor('upstream_interrupted');
    return undefined;
  }
  if (!translator.done) {
    const failure = upstreamStreamCut(target.deployment.provider);
    if (!ctx.channel.started) throw failure;
    ctx.channel.end(`data: ${JSON.stringify(failure.toBody())}\n\n${done}`);
    await billFor('upstream_interrupted');
    return undefined;
  }
  const tokens = tokensSoFar(ctx, translator, delivered);
  const cost = ctx.work.billing ? streamCostComment(ctx.settlement.costOf(tokens)) : '';
  // Usage event first, on the reply's connection (see serve-chat-completion.ts).
  const charging = ctx.settlement.charge(tokens, 'success');
  ctx.channel.end(held + cost + done);
  await charging;
  return delivered;
}

/** Content, a tool call, a refusal, a finish or usage: more than the role announcement. */
function carriesOutput(chunk: ChatCompletionChunk): boolean {
  if (chunk.usage) return true;
  return chunk.choices.some(
    (choice) =>
      choice.finish_reason != null ||
      Boolean(choice.delta.content) ||
      Boolean(choice.delta.refusal) ||
      (choice.delta.tool_calls?.length ?? 0) > 0 ||
      choice.logprobs != null,
  );
}

function tokensSoFar(
  ctx: ServeContext,
  translator: ChatStreamTranslator,
  delivered: readonly ChatCompletionChunk[],
): TokenCounts {
  const usage = translator.usage();
  if (usage) return tokensFromUsage(usage);
  return {
    input: ctx.settlement.estimatedInputTokens,
    output: deliveredOutputTokens(delivered),
    cachedInput: 0,
  };
}
