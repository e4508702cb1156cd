import type { ServerResponse } from 'node:http';
import { ChatCompletionRequestSchema, type GatewayError } from '@alfred/contracts';
import type { FastifyPluginAsync } from 'fastify';
import { forwardResponse, forwardStream } from '../http/forward-worker-answer.ts';
import { parseBody } from '../http/parse-body.ts';
import type { RouteDependencies } from './route-dependencies.ts';
import { workRequestFor } from './work-request.ts';

const route = '/v1/chat/completions';

export const chatCompletionsRoute: FastifyPluginAsync<RouteDependencies> = async (app, deps) => {
  app.post(route, async (request, reply) => {
    const key = await deps.authenticator.authenticate(request.headers.authorization);
    const body = parseBody(ChatCompletionRequestSchema, request.body);
    const entry = deps.catalog.resolve(body.model, 'chat', key);
    const stream = body.stream === true;
    const timeoutMs = deps.settings.upstreamTimeoutMs;
    const work = workRequestFor(request.id, 'chat.completions', body, stream, key, timeoutMs);
    const ctx = {
      gateway: deps.gateway,
      metrics: deps.metrics,
      route,
      pool: entry.pool,
      timeoutMs,
      receivedAt: request.receivedAt,
    };
    if (!stream) return forwardResponse(ctx, request, reply, work);
    forwardStream(ctx, request, reply, work, (error: GatewayError, res: ServerResponse) => {
      // The stream never started: answer like any other failed request.
      res.writeHead(error.status, {
        ...error.headers,
        'content-type': 'application/json',
        'x-request-id': request.id,
      });
      res.end(JSON.stringify(error.toBody()));
      deps.metrics.requests.inc({ route, status: error.status });
    });
  });
};
