import { randomBytes } from 'node:crypto';
import type { ChatCompletionRequest } from '@alfred/contracts';
import { UpstreamStreamError } from '../providers/connector.ts';
import { connectorFor } from '../providers/registry.ts';
import {
  fromUpstreamError,
  malformedUpstreamAnswer,
  upstreamStreamCut,
} from '../upstream/upstream-failure.ts';
import { streamEventBatches } from '../upstream/stream-events.ts';
import { callUpstream } from './upstream-call.ts';
import { answerHeaders, type ServeContext } from './serve-context.ts';

const done = 'data: [DONE]\n\n';

/** Ids for providers that give none: a random per-process prefix and a counter. */
const idPrefix = `chatcmpl-${randomBytes(9).toString('base64url')}`;
let idCounter = 0;
function nextCompletionId(): string {
  return idPrefix + (idCounter++).toString(36);
}

export async function serveChatCompletion(ctx: ServeContext): Promise<void> {
  const request = ctx.work.body as ChatCompletionRequest;
  const target = ctx.router.targetsFor(ctx.work.model)[0]!;
  const connector = connectorFor(target.provider.type);
  const call = {
    http: ctx.http,
    connector,
    target,
    signal: ctx.signal,
    deadline: ctx.work.deadline,
  };
  const started = performance.now();
  const identity = {
    id: nextCompletionId(),
    created: Math.floor(Date.now() / 1000),
    model: target.deployment.model,
  };
  ctx.channel.setHeader(answerHeaders.deployment, target.deployment.id);

  const response = await callUpstream(call, connector.chat.buildRequest(request, target));

  if (!ctx.work.stream) {
    let answer;
    try {
      answer = connector.chat.parseResponse(await response.body.json(), identity);
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      throw malformedUpstreamAnswer(target.deployment.provider);
    }
    ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
    await ctx.channel.respond(200, JSON.stringify(answer));
    return;
  }

  const translator = connector.chat.createStreamTranslator({
    ...identity,
    includeUsage: request.stream_options?.include_usage === true,
  });
  try {
    // The body is read to its end rather than left with `break`: abandoning the iterator
    // destroys the socket and builds an AbortError, which showed in CPU profiles.
    for await (const events of streamEventBatches(response.body, connector.chat.streamFraming)) {
      let frames = '';
      for (const event of events) {
        if (translator.done) break;
        for (const chunk of translator.push(event)) frames += `data: ${JSON.stringify(chunk)}\n\n`;
      }
      if (frames) {
        if (!ctx.channel.started) {
          ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
        }
        await ctx.channel.sendChunk(frames);
      }
    }
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const failure =
      error instanceof UpstreamStreamError
        ? fromUpstreamError(error.info)
        : error instanceof SyntaxError
          ? malformedUpstreamAnswer(target.deployment.provider)
          : upstreamStreamCut(target.deployment.provider);
    if (!ctx.channel.started) throw failure;
    // Bytes already reached the client: the stream ends with an error event, as OpenAI's does.
    ctx.channel.end(`data: ${JSON.stringify(failure.toBody())}\n\n${done}`);
    ctx.log.warn({ requestId: ctx.work.id, code: failure.code }, 'upstream stream failed midway');
    return;
  }
  if (!translator.done) {
    const failure = upstreamStreamCut(target.deployment.provider);
    if (!ctx.channel.started) throw failure;
    ctx.channel.end(`data: ${JSON.stringify(failure.toBody())}\n\n${done}`);
    return;
  }
  ctx.channel.end(done);
}
