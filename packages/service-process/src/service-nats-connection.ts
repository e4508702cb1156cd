import type { NodeConnectionOptions } from '@nats-io/transport-node';

/**
 * How every long-running Alfred service connects to NATS: it reconnects forever (a NATS
 * restart must not end a worker or ingress), and it does not build an Error per request.
 *
 * `noAsyncTraces`: by default nats.js creates an Error (capturing a stack) for every
 * request and every request timer, only to have a better stack if the request fails.
 * When the worker still published its usage events with `js.publish()` (a request per
 * billed answer) those Errors were ~7 % of its CPU in a streamed benchmark profile; the
 * hot paths now avoid requests altogether (workers' jetstream-usage-publisher.ts), and
 * the rest (JetStream API, KV, pings) keeps the saving. A failing request still rejects
 * with a proper error, its stack just starts in nats.js.
 */
export function serviceNatsOptions(servers: string, name: string): NodeConnectionOptions {
  return {
    servers,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    noAsyncTraces: true,
  };
}
