export const defaultDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';

export function databaseUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.DATABASE_URL || defaultDatabaseUrl;
}
