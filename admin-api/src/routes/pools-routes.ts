import type { PoolDirectory } from '@alfred/pool-directory';
import type { FastifyInstance } from 'fastify';

export interface PoolsRoutesOptions {
  directory: PoolDirectory;
}

/**
 * What the worker heartbeats say: pools with their processes, capacity and load (the same
 * report as `alfred pools --json`), and each deployment's health across processes.
 */
export async function poolsRoutes(app: FastifyInstance, options: PoolsRoutesOptions) {
  const { directory } = options;
  app.get('/v1/pools', async () => directory.report());
  app.get('/v1/providers/health', async () => ({
    generatedAt: Date.now(),
    deployments: directory.deploymentHealth(),
  }));
}
