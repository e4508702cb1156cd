import type { RedisOptions } from 'ioredis';

/**
 * ioredis options for the connection SpendControl uses on the request path: with Redis
 * gone, a command fails at once (no offline queue, no retries) instead of waiting for a
 * reconnection, so ingress answers 503 quickly. ioredis keeps reconnecting in the background.
 * Wait for the client's 'ready' event before serving: until then every command fails.
 */
export const failFastRedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 0,
  connectTimeout: 2000,
} as const satisfies RedisOptions;
