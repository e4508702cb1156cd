import { createDatabasePool, type DatabasePool } from '@alfred/database';
import { gatewayErrors } from '@alfred/contracts';
import { createLogger, type Logger } from '@alfred/telemetry';
import Fastify, { LogController } from 'fastify';
import { sql } from 'slonik';

export interface AdminApiSettings {
  host: string;
  port: number;
  databaseUrl: string;
}

export interface AdminApi {
  url: string;
  close(): Promise<void>;
}

/**
 * The console's API. For now: health and readiness; teams, keys, wallets, policies and
 * analytics arrive with the issues that define them.
 */
export async function startAdminApi(
  settings: AdminApiSettings,
  log: Logger = createLogger('admin-api'),
): Promise<AdminApi> {
  const database: DatabasePool = await createDatabasePool(settings.databaseUrl, {
    maximumPoolSize: 5,
  });
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
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(gatewayErrors.routeNotFound(request.method, request.url).toBody()),
  );

  const url = await app.listen({ host: settings.host, port: settings.port });
  log.info({ url }, 'admin-api listening');
  return {
    url,
    async close() {
      await app.close();
      await database.end();
    },
  };
}
