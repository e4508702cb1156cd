/**
 * Every NATS subject the services share. The version segment lets a new envelope
 * version run beside the old one during a rolling upgrade.
 */
const root = 'alfred.v1';

const token = /^[A-Za-z0-9_-]+$/;
function checkedToken(kind: string, value: string): string {
  if (!token.test(value)) throw new Error(`invalid ${kind} name for a NATS subject: '${value}'`);
  return value;
}

export const subjects = {
  /** Work for a pool; workers of the pool subscribe in the queue group below. */
  poolRequests: (pool: string) => `${root}.pool.${checkedToken('pool', pool)}.requests`,
  /** Queue-group liveness probe: any worker of the pool answers. */
  poolPing: (pool: string) => `${root}.pool.${checkedToken('pool', pool)}.ping`,
  poolQueueGroup: (pool: string) => `pool-${checkedToken('pool', pool)}`,
  /** Broadcast: a request id whose caller went away; the worker holding it aborts. */
  cancel: `${root}.cancel`,
  /** Broadcast: an API key changed; every ingress drops it from its cache. */
  apiKeyInvalidated: `${root}.keys.invalidated`,
  /** Reply inbox prefix of one ingress process; replies go to `<prefix>.<requestId>`. */
  replyInboxPrefix: (processId: string) => `_INBOX.alfred.${checkedToken('process', processId)}`,
  /** Broadcast: a worker process's heartbeat (pool, capacity, in-flight, deployment health). */
  poolHeartbeat: (pool: string) => `${root}.pool.${checkedToken('pool', pool)}.heartbeat`,
  /** Wildcard of every pool's heartbeats, for `alfred pools` and admin-api. */
  allPoolHeartbeats: `${root}.pool.*.heartbeat`,
  /** Broadcast: a new routing config (the whole gateway config); workers validate and swap. */
  routingConfig: `${root}.config.routing`,
  /** Flow-control subject of one worker process for one stream. */
  streamControl: (workerId: string, requestId: string) =>
    `${root}.control.${checkedToken('worker', workerId)}.${checkedToken('request', requestId)}`,
} as const;
