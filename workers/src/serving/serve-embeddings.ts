import type { EmbeddingsRequest } from '@alfred/contracts';
import { GatewayError } from '@alfred/contracts';
import { connectorFor } from '../providers/registry.ts';
import { malformedUpstreamAnswer } from '../upstream/upstream-failure.ts';
import { callUpstream } from './upstream-call.ts';
import { answerHeaders, type ServeContext } from './serve-context.ts';

export async function serveEmbeddings(ctx: ServeContext): Promise<void> {
  const target = ctx.router.targetsFor(ctx.work.model)[0]!;
  const connector = connectorFor(target.provider.type);
  if (!connector.embeddings) {
    throw new GatewayError({
      status: 400,
      type: 'invalid_request_error',
      code: 'unsupported_operation',
      param: 'model',
      message: `The model '${ctx.work.model}' does not support embeddings.`,
    });
  }
  const started = performance.now();
  ctx.channel.setHeader(answerHeaders.deployment, target.deployment.id);
  ctx.settlement.deployment = target.deployment.id;
  const call = {
    http: ctx.http,
    connector,
    target,
    signal: ctx.signal,
    deadline: ctx.work.deadline,
  };
  const request = ctx.work.body as EmbeddingsRequest;
  const response = await callUpstream(call, connector.embeddings.buildRequest(request, target));
  let answer;
  try {
    answer = connector.embeddings.parseResponse(
      await response.body.json(),
      {
        id: ctx.work.id,
        created: Math.floor(Date.now() / 1000),
        model: target.deployment.model,
      },
      request,
    );
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    throw malformedUpstreamAnswer(target.deployment.provider);
  }
  const tokens = { input: answer.usage.prompt_tokens, output: 0, cachedInput: 0 };
  ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
  if (ctx.work.billing)
    ctx.channel.setHeader(answerHeaders.costMicros, String(ctx.settlement.costOf(tokens)));
  // Usage event first, on the reply's connection (see serve-chat-completion.ts).
  const charging = ctx.settlement.charge(tokens, 'success');
  await ctx.channel.respond(200, JSON.stringify(answer));
  await charging;
}
