import { runService } from '@alfred/service-process';
import { startAdminApi } from './admin-server.ts';
import { adminApiSettingsFromEnv } from './settings.ts';

await runService('admin-api', async (log) => {
  const adminApi = await startAdminApi(adminApiSettingsFromEnv(), log);
  return { stop: () => adminApi.close() };
});
