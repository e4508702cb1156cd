import { ChatCompletionRequestSchema } from '@alfred/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { forwardWorkerAnswer } from '../http/forward-worker-answer.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteDependencies } from './route-dependencies.ts';
import { workRequestFor } from './work-request.ts';

const route = '/v1/chat/completions';

export const chatCompletionsRoute: FastifyPluginAsync<RouteDependencies> = async (app, deps) => {
  app.post(route, async (request, reply) => {
    const key = await deps.authenticator.authenticate(request.headers.authorization);
    const body = parseBody(ChatCompletionRequestSchema, request.body);
    const entry = deps.catalog.resolve(body.model, 'chat', key);
    const timeoutMs = deps.settings.upstreamTimeoutMs;
    const work = workRequestFor(
      request.id,
      'chat.completions',
      body,
      body.stream === true,
      key,
      timeoutMs,
    );
    const ctx = {
      gateway: deps.gateway,
      metrics: deps.metrics,
      route,
      pool: entry.pool,
      timeoutMs,
    };
    return forwardWorkerAnswer(ctx, request, reply, work);
  });
};
