import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';

export const migrationsDir = fileURLToPath(new URL('./migrations', import.meta.url));

export interface MigrateOptions {
  databaseUrl: string;
  direction?: 'up' | 'down';
  count?: number;
  log?: (message: string) => void;
}

/**
 * Applies the SQL migrations in `migrations/` with node-pg-migrate. Safe to run from
 * several processes at once: node-pg-migrate takes an advisory lock.
 */
export async function migrate(options: MigrateOptions): Promise<string[]> {
  const applied = await runner({
    databaseUrl: options.databaseUrl,
    dir: migrationsDir,
    direction: options.direction ?? 'up',
    count: options.count ?? Infinity,
    migrationsTable: 'schema_migrations',
    singleTransaction: true,
    checkOrder: true,
    log: options.log ?? (() => {}),
  });
  return applied.map((m) => m.name);
}
