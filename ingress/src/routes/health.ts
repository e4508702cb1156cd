import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';
import type { RouteDependencies } from './route-dependencies.ts';

const readinessCacheMs = 1_000;

export const healthRoutes: FastifyPluginAsync<RouteDependencies & { registry: Registry }> = async (
  app,
  deps,
) => {
  let lastCheck = { at: 0, ready: false, pools: {} as Record<string, boolean> };

  app.get('/healthz', async () => ({ status: 'ok' }));

  /** Ready = NATS is connected and every pool in the catalog has a worker that answers. */
  app.get('/ready', async (_request, reply) => {
    const now = Date.now();
    if (now - lastCheck.at > readinessCacheMs) {
      const connected = !deps.gateway.connection.isClosed();
      const pools: Record<string, boolean> = {};
      await Promise.all(
        deps.catalog.pools.map(async (pool) => {
          pools[pool] = connected && (await deps.gateway.poolIsServing(pool, 500));
        }),
      );
      lastCheck = { at: now, ready: connected && Object.values(pools).every(Boolean), pools };
    }
    return reply
      .code(lastCheck.ready ? 200 : 503)
      .send({ status: lastCheck.ready ? 'ready' : 'not_ready', pools: lastCheck.pools });
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', deps.registry.contentType);
    return deps.registry.metrics();
  });
};
