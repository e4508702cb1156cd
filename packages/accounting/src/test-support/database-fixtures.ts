import { randomUUID } from 'node:crypto';
import { createDatabasePool, databaseUrlFromEnv, ensureOrganization } from '@alfred/database';
import { sql, type DatabasePool, type DatabaseTransactionConnection } from 'slonik';
import { z } from 'zod';

export const testPool = (): Promise<DatabasePool> => createDatabasePool(databaseUrlFromEnv());

/** An organization nobody else uses (tests running in parallel never share rows). */
export const newOrganization = (pool: DatabasePool): Promise<string> =>
  ensureOrganization(pool, `accounting-test-${randomUUID()}`, 'accounting test');

export async function newTeam(pool: DatabasePool, orgId: string): Promise<string> {
  return pool.oneFirst(
    sql.type(z.object({ id: z.string() }))`
      INSERT INTO teams (org_id, name) VALUES (${orgId}, ${`team-${randomUUID()}`}) RETURNING id`,
  );
}

class RollBack extends Error {}

/** Runs `work` in a transaction that is always rolled back: what it does, nobody else sees. */
export async function rolledBack<T>(
  pool: DatabasePool,
  work: (tx: DatabaseTransactionConnection) => Promise<T>,
): Promise<T> {
  let result: T | undefined;
  await pool
    .transaction(async (tx) => {
      result = await work(tx);
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return result as T;
}

/**
 * Like `rolledBack`, as a superuser with triggers off (`session_replication_role = replica`):
 * tampering with the append-only tables is seen by `work` and by nobody else, so parallel
 * test files keep an intact ledger. (Transfers inserted this way move no balance.)
 */
export function tamperedThenRolledBack<T>(
  pool: DatabasePool,
  work: (tx: DatabaseTransactionConnection) => Promise<T>,
): Promise<T> {
  return rolledBack(pool, async (tx) => {
    await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
    return work(tx);
  });
}
