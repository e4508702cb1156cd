import {
  cacheDirectiveFrom,
  cacheHeaders,
  routingTagsHeader,
  type CacheDirective,
  type Operation,
} from '@alfred/contracts';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import { forwardWorkerAnswer, type ForwardContext } from '../http/forward-worker-answer.ts';
import { parseBody } from '../http/parse-body.ts';
import { routingTagsFrom } from '../http/routing-tags-header.ts';
import type { CatalogEntry } from '../models/model-catalog.ts';
import type { ModelPrice } from '@alfred/contracts';
import type { WorstCase } from '../billing/worst-case-cost.ts';
import type { RouteDependencies } from './route-dependencies.ts';
import { workRequestFor } from './work-request.ts';

interface ProxiedOperation<S extends z.ZodType<{ model: string }>> {
  route: string;
  operation: Operation;
  schema: S;
  /** The kind of model the operation needs; another kind is a 404, as at OpenAI. */
  modelKind: CatalogEntry['kind'];
  streams: (body: z.infer<S>) => boolean;
  /** The most the request can cost, reserved before it is sent. */
  worstCase: (body: z.infer<S>, entry: CatalogEntry, price: ModelPrice | null) => WorstCase;
}

/**
 * An OpenAI endpoint that a worker pool answers: authenticate, validate, find the model's
 * pool, and relay the worker's answer. Adding an endpoint is one call of this.
 */
export function proxiedOperationRoute<S extends z.ZodType<{ model: string }>>(
  spec: ProxiedOperation<S>,
): FastifyPluginAsync<RouteDependencies> {
  return async (app, deps) => {
    // Decided once: the level is set when the process starts.
    const logsBodies = app.log.level === 'debug' || app.log.level === 'trace';
    app.post(spec.route, async (request, reply) => {
      const key = await deps.authenticator.authenticate(request.headers.authorization);
      // What the client sent, before validation, for debugging a rejected body. The logger
      // replaces PII in it with placeholders; below debug nothing is built.
      if (logsBodies) {
        request.log.debug({ requestId: request.id, body: request.body }, 'request body');
      }
      const body = parseBody(spec.schema, request.body);
      const entry = deps.catalog.resolve(body.model, spec.modelKind, key);
      const timeoutMs = deps.settings.upstreamTimeoutMs;
      const work = workRequestFor(
        request.id,
        spec.operation,
        body,
        spec.streams(body),
        key,
        timeoutMs,
        routingTagsFrom(request.headers[routingTagsHeader]),
        cacheDirectiveOf(request.headers),
      );
      const ctx: ForwardContext = {
        gateway: deps.gateway,
        metrics: deps.metrics,
        route: spec.route,
        pool: entry.pool,
        timeoutMs,
        headers: {},
        onUndelivered: () => {},
      };
      const admission = deps.admission;
      if (admission) {
        const admitted = await admission.admit(request.id, key, entry, (price) =>
          spec.worstCase(body, entry, price),
        );
        work.billing = admitted.billing;
        ctx.headers = admitted.headers;
        ctx.onUndelivered = () => void admission.release(request.id);
      }
      return forwardWorkerAnswer(ctx, request, reply, work);
    });
  };
}

/** Parsed only when the client sent a cache header: most requests carry none. */
function cacheDirectiveOf(headers: IncomingHttpHeaders): CacheDirective | undefined {
  if (headers['cache-control'] === undefined && headers[cacheHeaders.ttl] === undefined) {
    return undefined;
  }
  return cacheDirectiveFrom(headers);
}
