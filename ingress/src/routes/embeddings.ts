import { EmbeddingsRequestSchema } from '@alfred/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { forwardWorkerAnswer } from '../http/forward-worker-answer.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteDependencies } from './route-dependencies.ts';
import { workRequestFor } from './work-request.ts';

const route = '/v1/embeddings';

export const embeddingsRoute: FastifyPluginAsync<RouteDependencies> = async (app, deps) => {
  app.post(route, async (request, reply) => {
    const key = await deps.authenticator.authenticate(request.headers.authorization);
    const body = parseBody(EmbeddingsRequestSchema, request.body);
    const entry = deps.catalog.resolve(body.model, 'embeddings', key);
    const timeoutMs = deps.settings.upstreamTimeoutMs;
    const work = workRequestFor(request.id, 'embeddings', body, false, key, timeoutMs);
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
