import { sql } from 'slonik';
import { z } from 'zod';
import type { DatabasePool } from '../pool.ts';

const Snapshot = z.object({
  balanceMicros: z.number(),
  floorMicros: z.number(),
  postedRequestIds: z.array(z.string()),
});

/**
 * A wallet's balance and which of `requestIds` the ledger has posted, in ONE statement so
 * both come from the same snapshot (Redis subtracts the rest as still unposted).
 */
export async function readWalletSnapshot(
  pool: DatabasePool,
  accountId: string,
  requestIds: readonly string[],
): Promise<z.infer<typeof Snapshot>> {
  const row = await pool.maybeOne(sql.type(Snapshot)`
    SELECT a.balance_micros::float8 AS "balanceMicros",
           coalesce(a.floor_micros, 0)::float8 AS "floorMicros",
           array(SELECT request_id FROM usage_records
                 WHERE request_id = ANY(${sql.array([...requestIds], 'text')})) AS "postedRequestIds"
    FROM accounts a WHERE a.id = ${accountId}`);
  return row ?? { balanceMicros: 0, floorMicros: 0, postedRequestIds: [] };
}
