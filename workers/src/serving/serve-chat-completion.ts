import { randomBytes } from 'node:crypto';
import type { ChatCompletionChunk, ChatCompletionRequest } from '@alfred/contracts';
import { UpstreamStreamError } from '../providers/connector.ts';
import { connectorFor } from '../providers/registry.ts';
import {
  fromUpstreamError,
  malformedUpstreamAnswer,
  upstreamStreamCut,
} from '../upstream/upstream-failure.ts';
import { streamEvents } from '../upstream/stream-events.ts';
import { callUpstream } from './upstream-call.ts';
import { answerHeaders, type ServeContext } from './serve-context.ts';

const done = 'data: [DONE]\n\n';

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
    id: `chatcmpl-${randomBytes(12).toString('base64url')}`,
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
    for await (const event of streamEvents(response.body, connector.chat.streamFraming)) {
      const chunks = translator.push(event);
      if (chunks.length > 0) {
        if (!ctx.channel.started) {
          ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
        }
        await ctx.channel.sendChunk(sseFrames(chunks));
      }
      if (translator.done) break;
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

function sseFrames(chunks: ChatCompletionChunk[]): string {
  let frames = '';
  for (const chunk of chunks) frames += `data: ${JSON.stringify(chunk)}\n\n`;
  return frames;
}
