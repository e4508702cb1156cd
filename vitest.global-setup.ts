import { databaseUrlFromEnv, migrate } from '@alfred/database';

// Every integration test runs against the real PostgreSQL with the current schema.
export default async function setup(): Promise<void> {
  await migrate({ databaseUrl: databaseUrlFromEnv() });
}
