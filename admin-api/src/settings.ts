import { databaseUrlFromEnv } from '@alfred/database';

export interface AdminApiSettings {
  host: string;
  port: number;
  databaseUrl: string;
  /** Where the worker heartbeats are heard. */
  natsUrl: string;
}

export function adminApiSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AdminApiSettings {
  return {
    host: env.ADMIN_API_HOST ?? '127.0.0.1',
    port: Number(env.ADMIN_API_PORT ?? 8081),
    databaseUrl: databaseUrlFromEnv(env),
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
  };
}
