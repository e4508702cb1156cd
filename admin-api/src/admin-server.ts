import { createDatabasePool, type DatabasePool } from '@alfred/database';
import { gatewayErrors } from '@alfred/contracts';
import { PoolDirectory } from '@alfred/pool-directory';
import { createLogger, type Logger } from '@alfred/telemetry';
import { connect } from '@nats-io/transport-node';
import Fastify, { LogController } from 'fastify';
import { sql } from 'slonik';
import { poolsRoutes } from './routes/pools-routes.ts';
import type { AdminApiSettings } from './settings.ts';
import { serviceNatsOptions } from '@alfred/service-process';

export interface AdminApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The console's API. For now: health and readiness, and the worker pools and provider
 * health heard from heartbeats; teams, keys, wallets, policies and analytics arrive with
 * the issues that define them.
 */
export async function startAdminApi(
  settings: AdminApiSettings,
  log: Logger = createLogger('admin-api'),
): Promise<AdminApi> {
  const database: DatabasePool = await createDatabasePool(settings.databaseUrl, {
    maximumPoolSize: 5,
  });
  const nc = await connect(serviceNatsOptions(settings.natsUrl, 'admin-api')).catch(
    async (error: unknown) => {
      await database.end();
      throw error;
    },
  );
  const directory = PoolDirectory.start(nc);
  const app = Fastify({
    loggerInstance: log,
    logController: new LogController({ disableRequestLogging: true }),
  });

  app.get('/healthz', async () => ({ status: 'ok', service: 'admin-api' }));
  app.get('/ready', async (_request, reply) => {
    try {
      await database.query(sql.unsafe`SELECT 1`);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'not_ready', reason: 'database unreachable' });
    }
  });
  // TODO(admin auth issue): JWT and RBAC in front of every /v1 route.
  await app.register(poolsRoutes, { directory });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(gatewayErrors.routeNotFound(request.method, request.url).toBody()),
  );

  const url = await app.listen({ host: settings.host, port: settings.port });
  log.info({ url }, 'admin-api listening');
  return {
    url,
    async close() {
      await app.close();
      await directory.close();
      await nc.close();
      await database.end();
    },
  };
}
