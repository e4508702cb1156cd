import { randomBytes } from 'node:crypto';
import {
  ApiKeyInvalidatedSchema,
  decodeMessage,
  gatewayErrors,
  subjects,
  type GatewayConfig,
} from '@alfred/contracts';
import { followGatewayConfig } from '@alfred/config';
import { createDatabasePool, type DatabasePool } from '@alfred/database';
import { createLogger, createMetricsRegistry, type Logger } from '@alfred/telemetry';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type RawServerDefault,
} from 'fastify';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator.ts';
import { openRequestAdmission } from './billing/open-request-admission.ts';
import { WorkerGateway } from './gateway/worker-gateway.ts';
import { toGatewayError } from './http/openai-error-response.ts';
import { createIngressMetrics } from './ingress-metrics.ts';
import { ModelCatalog } from './models/model-catalog.ts';
import { chatCompletionsRoute } from './routes/chat-completions.ts';
import { embeddingsRoute } from './routes/embeddings.ts';
import { healthRoutes } from './routes/health.ts';
import { modelsRoute } from './routes/models.ts';
import type { RouteDependencies } from './routes/route-dependencies.ts';
import type { IngressSettings } from './settings.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** performance.now() when the request arrived, for the overhead measurement. */
    receivedAt: number;
    /** The OpenAI error code (or type) the client was answered with, for the error metric. */
    errorCode: string | null;
  }
}

export interface Ingress {
  app: FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, Logger>;
  gateway: WorkerGateway;
  authenticator: ApiKeyAuthenticator;
  /** Base URL it listens on, e.g. http://127.0.0.1:8080 */
  url: string;
  close(): Promise<void>;
}

export async function startIngress(
  settings: IngressSettings,
  config: GatewayConfig,
  log: Logger = createLogger('ingress'),
): Promise<Ingress> {
  const database: DatabasePool = await createDatabasePool(settings.databaseUrl);
  const gateway = await WorkerGateway.connect(settings.natsUrl, settings.processId, log, {
    workerLostAfterMs: settings.workerLostAfterMs,
  });
  const authenticator = new ApiKeyAuthenticator(database, settings.apiKeyCacheTtlMs);
  const registry = createMetricsRegistry('ingress');
  const billing = await openRequestAdmission(settings, database, log, registry);
  if (settings.credits === 'off')
    log.warn('credits are off: requests are served unbilled and without rate limits');
  if (settings.credits === 'meter')
    log.warn('credits are metered only: usage is debited, but nothing is reserved or limited');
  gateway.connection.subscribe(subjects.apiKeyInvalidated, {
    callback: (_error, msg) => {
      const invalidated = decodeMessage(ApiKeyInvalidatedSchema, msg.string());
      if (!invalidated) return;
      authenticator.invalidate(invalidated.keyId);
      billing?.profiles.invalidate(invalidated.keyId);
    },
  });
  const deps: RouteDependencies = {
    settings,
    authenticator,
    catalog: new ModelCatalog(config),
    gateway,
    metrics: createIngressMetrics(registry),
    admission: billing?.admission,
  };
  if (settings.configKey) {
    // The live config's models (names, pools, kinds) replace the file's, for new requests.
    await followGatewayConfig(gateway.connection, settings.configKey, log, (next) =>
      deps.catalog.replace(next),
    );
  }

  const app = Fastify({
    loggerInstance: log,
    // One access line per request is logged by our own hook; Fastify's two are skipped.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: 'requestId',
    }),
    // Errors Fastify raises before routing (a URL that does not decode, say) get the same shape.
    frameworkErrors: (error, request, reply) => {
      const gatewayError = toGatewayError(error, settings.bodyLimitBytes);
      request.errorCode = gatewayError.metricCode;
      // Typed loosely by Fastify (generic over route schemas); the raw reply is all we need.
      void (reply as unknown as FastifyReply).code(gatewayError.status).send(gatewayError.toBody());
    },
    bodyLimit: settings.bodyLimitBytes,
    requestTimeout: settings.requestReceiveTimeoutMs,
    // Our own ids only: a client-chosen id must not collide with another request's.
    requestIdHeader: false,
    genReqId: requestIds(),
    // Every request would get a pino child logger (with redaction set up again); the lines
    // that need the request id carry it themselves.
    childLoggerFactory: (logger) => logger,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
    forceCloseConnections: false,
  });
  // The OpenAI API takes JSON only; anything else is a 415, not a confusing 400.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('receivedAt', 0);
  app.decorateRequest('errorCode', null);
  app.addHook('onRequest', (request, reply, done) => {
    request.receivedAt = performance.now();
    reply.header('x-request-id', request.id);
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unknown';
    const status = reply.statusCode;
    deps.metrics.requests.inc({ route, status });
    if (request.errorCode !== null) {
      deps.metrics.errors.inc({ route, status, code: request.errorCode });
    }
    request.log.info(
      {
        requestId: request.id,
        method: request.method,
        route,
        status,
        ms: Number((performance.now() - request.receivedAt).toFixed(3)),
      },
      'request',
    );
    done();
  });
  app.setErrorHandler((error, request, reply) => {
    const gatewayError = toGatewayError(error, settings.bodyLimitBytes);
    request.errorCode = gatewayError.metricCode;
    if (gatewayError.status >= 500 && gatewayError.code === 'internal_error') {
      request.log.error({ err: error, requestId: request.id }, 'request failed');
    }
    return reply
      .code(gatewayError.status)
      .headers(gatewayError.headers)
      .send(gatewayError.toBody());
  });
  // Thrown, so that the error handler above answers it (and counts it) like any other.
  app.setNotFoundHandler((request) => {
    throw gatewayErrors.routeNotFound(request.method, request.url.split('?')[0] ?? '');
  });

  await app.register(chatCompletionsRoute, deps);
  await app.register(embeddingsRoute, deps);
  await app.register(modelsRoute, deps);
  await app.register(healthRoutes, { ...deps, registry });

  const url = await app.listen({ host: settings.host, port: settings.port });
  log.info({ url, processId: settings.processId }, 'ingress listening');

  return {
    app,
    gateway,
    authenticator,
    url,
    async close() {
      await app.close();
      await gateway.close();
      await billing?.close();
      await database.end();
    },
  };
}

/** `req_` + 32 hex digits: a random per-process prefix and a counter, cheaper than a UUID each time. */
function requestIds(): () => string {
  const prefix = `req_${randomBytes(8).toString('hex')}`;
  let counter = 0;
  return () => prefix + (counter++).toString(16).padStart(16, '0');
}
