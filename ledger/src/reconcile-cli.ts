import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { runReconcileCommand } from './reconcile-command.ts';

// Exit code: 0 no differences, 1 differences (printed), 2 it could not be checked.
const pool = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 2 });
try {
  process.exitCode = await runReconcileCommand(pool, process.argv.slice(2), (line) =>
    console.log(line),
  );
} catch (error) {
  console.error(`ledger:reconcile could not run: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await pool.end();
}
