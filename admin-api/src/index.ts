export { startAdminApi, type AdminApi } from './admin-server.ts';
export { adminApiSettingsFromEnv, type AdminApiSettings } from './settings.ts';
