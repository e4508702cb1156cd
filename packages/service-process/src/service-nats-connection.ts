import type { NodeConnectionOptions } from '@nats-io/transport-node';

/**
 * How every long-running Alfred service connects to NATS: it reconnects forever (a NATS
 * restart must not end a worker or ingress), and it does not build an Error per request.
 *
 * `noAsyncTraces`: by default nats.js creates an Error (capturing a stack) for every
 * request and every request timer, only to have a better stack if the request fails.
 * The worker makes one request per billed answer (the JetStream publish of its usage
 * event); those Errors were ~7 % of its CPU in a streamed benchmark profile. A failing
 * request still rejects with a proper error, its stack just starts in nats.js.
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
