import { databaseUrlFromEnv } from '@alfred/database';
import { runService } from '@alfred/service-process';
import { startAdminApi } from './admin-server.ts';

await runService('admin-api', async (log) => {
  const adminApi = await startAdminApi(
    {
      host: process.env.ADMIN_API_HOST ?? '127.0.0.1',
      port: Number(process.env.ADMIN_API_PORT ?? 8081),
      databaseUrl: databaseUrlFromEnv(),
    },
    log,
  );
  return { stop: () => adminApi.close() };
});
