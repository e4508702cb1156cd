export { startAdminApi, type AdminApi, type AdminApiSettings } from './admin-server.ts';
