import { createPool, type DatabasePool } from 'slonik';

export type { DatabasePool };

export async function createDatabasePool(
  databaseUrl: string,
  options: { maximumPoolSize?: number } = {},
): Promise<DatabasePool> {
  return createPool(databaseUrl, {
    maximumPoolSize: options.maximumPoolSize ?? 10,
    connectionTimeout: 5_000,
    statementTimeout: 30_000,
  });
}
