import { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { createCacheMetrics } from '../cache/cache-metrics.ts';
import { ResponseCache } from '../cache/response-cache.ts';
import { RetryBackoff } from '../resilience/backoff.ts';
import { DeploymentHealth } from '../resilience/deployment-health.ts';
import { ProviderMetrics } from '../resilience/provider-metrics.ts';
import type { RoutePlanner } from '../routing/route-plan.ts';
import type { WorkerSettings } from '../settings.ts';
import type { UpstreamHttp } from '../upstream/upstream-http.ts';
import { modelEmbedder } from './model-embedder.ts';
import type { Resilience } from './planned-attempts.ts';

/** What every request of a worker process shares: failover state and the answer caches. */
export interface ServingState {
  resilience: Resilience;
  cache: ResponseCache;
  /** The caches' own Redis connection; disconnect it when the worker stops. */
  cacheRedis: Redis;
}

/**
 * Builds the worker's shared serving state. `current` gives the routing and HTTP client in
 * force when the semantic cache needs an embedding (the config may have changed since).
 */
export function createServingState(
  settings: Pick<WorkerSettings, 'redisUrl' | 'circuitOpenMs' | 'maxAttempts'>,
  registry: Registry | undefined,
  current: () => { router: RoutePlanner; http: UpstreamHttp },
): ServingState {
  const metrics = registry ? new ProviderMetrics(registry) : undefined;
  const resilience: Resilience = {
    health: new DeploymentHealth({
      observer: metrics,
      circuit: { openMs: settings.circuitOpenMs },
    }),
    backoff: new RetryBackoff({ maxAttempts: settings.maxAttempts }),
    metrics,
  };
  // Connects on first use: a pool whose models cache nothing never opens it. No
  // auto-pipelining, as in ingress (its per-tick pipeline objects lengthen scavenges).
  const cacheRedis = new Redis(settings.redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
  });
  cacheRedis.on('error', () => {
    // A cache that cannot reach Redis misses; the caches count it.
  });
  const cache = new ResponseCache(
    cacheRedis,
    (embeddingsModel) => modelEmbedder(current, embeddingsModel),
    registry ? createCacheMetrics(registry) : undefined,
  );
  return { resilience, cache, cacheRedis };
}
