import type { EmbeddingsRequest } from '@alfred/contracts';
import { GatewayError } from '@alfred/contracts';
import { connectorFor } from '../providers/registry.ts';
import { malformedUpstreamAnswer } from '../upstream/upstream-failure.ts';
import { runAttemptChain } from './attempt-chain.ts';
import { attemptChainFor } from './planned-attempts.ts';
import { callUpstream } from './upstream-call.ts';
import { answerHeaders, type ServeContext } from './serve-context.ts';

export async function serveEmbeddings(ctx: ServeContext): Promise<void> {
  const request = ctx.work.body as EmbeddingsRequest;
  const { result: answer } = await runAttemptChain(
    attemptChainFor(ctx, false),
    async ({ planned, budget, signal }) => {
      const { target } = planned;
      const connector = connectorFor(target.provider.type);
      if (!connector.embeddings) throw embeddingsUnsupported(ctx.work.model);
      const started = performance.now();
      const call = { http: ctx.http, connector, target, signal, budget };
      const response = await callUpstream(call, connector.embeddings.buildRequest(request, target));
      let parsed;
      try {
        parsed = connector.embeddings.parseResponse(
          await response.body.json(),
          {
            id: ctx.work.id,
            created: Math.floor(Date.now() / 1000),
            model: target.deployment.model,
          },
          request,
        );
      } catch (error) {
        if (signal.aborted) throw error;
        throw malformedUpstreamAnswer(target.deployment.provider);
      }
      ctx.channel.setHeader(answerHeaders.upstreamMs, (performance.now() - started).toFixed(3));
      return parsed;
    },
  );
  const tokens = { input: answer.usage.prompt_tokens, output: 0, cachedInput: 0 };
  if (ctx.work.billing)
    ctx.channel.setHeader(answerHeaders.costMicros, String(ctx.settlement.costOf(tokens)));
  // Usage event first, on the reply's connection (see serve-chat-completion.ts).
  const charging = ctx.settlement.charge(tokens, 'success');
  await ctx.channel.respond(200, JSON.stringify(answer));
  await charging;
}

function embeddingsUnsupported(model: string): GatewayError {
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'unsupported_operation',
    param: 'model',
    message: `The model '${model}' does not support embeddings.`,
  });
}
