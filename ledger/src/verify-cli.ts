import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { runVerifyCommand } from './verify-command.ts';

// Exit code: 0 the chain is intact, 1 it is broken, 2 it could not be checked.
const pool = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 2 });
try {
  process.exitCode = await runVerifyCommand(pool, (line) => console.log(line));
} catch (error) {
  console.error(`ledger:verify could not check the audit log: ${(error as Error).message}`);
  process.exitCode = 2;
} finally {
  await pool.end();
}
