import { databaseUrlFromEnv } from '@alfred/database';
import { createLogger } from '@alfred/telemetry';
import { startAdminApi } from './admin-server.ts';

const log = createLogger('admin-api');
try {
  const adminApi = await startAdminApi(
    {
      host: process.env.ADMIN_API_HOST ?? '127.0.0.1',
      port: Number(process.env.ADMIN_API_PORT ?? 8081),
      databaseUrl: databaseUrlFromEnv(),
    },
    log,
  );
  const stop = async () => {
    await adminApi.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
} catch (error) {
  log.fatal({ err: error }, (error as Error).message);
  process.exit(1);
}
