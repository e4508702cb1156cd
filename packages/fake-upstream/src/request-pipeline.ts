import { behaviorForRequest } from './behavior.ts';
import type { FailureSchedule, FakeBehavior } from './behavior.ts';
import type { EndpointSettings } from './endpoint.ts';
import { errorsForUnknownPath, matchRoute } from './routes.ts';
import type { FakeUpstreamStats } from './stats.ts';
import type { Exchange } from './transport/exchange.ts';
import { InvalidRequestError } from './transport/invalid-request.ts';
import type { ProviderErrors } from './transport/provider-errors.ts';
import type { JsonReply } from './transport/reply.ts';
import { deliverReply } from './transport/reply-delivery.ts';
import {
  BODY_LIMIT_BYTES,
  CLIENT_GONE,
  NOT_JSON,
  readJsonBody,
  TOO_LARGE,
} from './transport/request-body.ts';

/** What one server instance shares between its requests. */
export interface ServerState {
  behavior: FakeBehavior;
  schedule: FailureSchedule;
  stats: FakeUpstreamStats;
  settings: EndpointSettings;
  now: () => number;
  answers: number;
  reportError: (error: unknown) => void;
}

function sendError(exchange: Exchange, reply: JsonReply): void {
  exchange.res.writeHead(reply.status, reply.headers);
  exchange.res.end(reply.body);
}

/**
 * One request from start to end: route, body, behaviour (global + x-fake-* headers),
 * injected failure, latency, answer, delivery. Never rejects: anything unexpected becomes a
 * 500 in the route's error shape (or a cut connection if the answer had already started).
 */
export async function serveExchange(exchange: Exchange, state: ServerState): Promise<void> {
  const { req, res } = exchange;
  const url = req.url ?? '/';
  const method = req.method ?? 'GET';
  const queryStart = url.indexOf('?');
  const path = queryStart < 0 ? url : url.slice(0, queryStart);
  const route = matchRoute(method, path);
  const errors: ProviderErrors = route?.endpoint.errors ?? errorsForUnknownPath(path);
  exchange.route = route?.name ?? 'unknown';
  state.stats.byRoute[exchange.route]++;
  try {
    if (route === null) {
      state.stats.lastRequest = {
        route: 'unknown',
        method,
        url,
        headers: req.headers,
        body: undefined,
      };
      return sendError(exchange, errors.notFound(method, path));
    }
    const body = route.endpoint.readsBody ? await readJsonBody(req) : undefined;
    if (exchange.closed || body === CLIENT_GONE) return;
    const parsed = body === NOT_JSON || body === TOO_LARGE ? undefined : body;
    state.stats.lastRequest = {
      route: route.name,
      method,
      url,
      headers: req.headers,
      body: parsed,
    };
    if (body === NOT_JSON) return sendError(exchange, errors.invalidJson());
    if (body === TOO_LARGE) {
      const reply = errors.invalidRequest(
        `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`,
        null,
      );
      return sendError(exchange, { ...reply, status: 413 });
    }
    const behavior = behaviorForRequest(state.behavior, req.headers);
    const failure =
      behavior.fail !== null && state.schedule.shouldFail(behavior.failRate) ? behavior.fail : null;
    if (failure !== null) state.stats.injectedFailures++;
    if (behavior.latencyMs > 0) {
      await exchange.pause(behavior.latencyMs);
      if (exchange.closed) return;
    }
    switch (failure) {
      case '500':
        return sendError(exchange, errors.serverError());
      case '429':
        return sendError(exchange, errors.rateLimited(behavior.retryAfterSeconds));
      case 'timeout':
        return; // Never answers: the client's close ends the exchange (and counts as an abort).
      case 'reset':
        return exchange.cut('reset');
      case 'stream-cut-before-first-byte':
        return exchange.cut('close');
    }
    const reply = route.endpoint.answer(parsed, {
      pathParameter: route.pathParameter,
      query: queryStart < 0 ? '' : url.slice(queryStart + 1),
      settings: state.settings,
      answerNumber: ++state.answers,
      nowSeconds: Math.floor(state.now() / 1000),
    });
    await deliverReply(exchange, reply, behavior.tokensPerSecond, failure);
  } catch (error) {
    if (exchange.closed) return;
    if (res.headersSent) return exchange.cut('close');
    if (error instanceof InvalidRequestError)
      return sendError(exchange, errors.invalidRequest(error.message, error.param));
    state.reportError(error);
    sendError(exchange, errors.serverError());
  }
}
