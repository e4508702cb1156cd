import { databaseUrlFromEnv } from './database-url.ts';
import { migrate } from './migrate.ts';

// `node packages/database/src/migrate-cli.ts [up|down] [count]`
const direction = process.argv[2] === 'down' ? 'down' : 'up';
const count = process.argv[3] ? Number(process.argv[3]) : direction === 'down' ? 1 : Infinity;
try {
  const applied = await migrate({ databaseUrl: databaseUrlFromEnv(), direction, count });
  console.log(
    applied.length > 0
      ? `migrations ${direction}: ${applied.join(', ')}`
      : 'database schema is up to date',
  );
} catch (error) {
  console.error(`migration failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
