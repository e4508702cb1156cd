import type { DatabasePool } from '@alfred/database';
import { sql } from 'slonik';
import { z } from 'zod';

/** One usage row as the economy tests compare it with what clients were told. */
export const UsageRecordRow = z.object({
  requestId: z.string(),
  outputTokens: z.number(),
  costMicros: z.number(),
  outcome: z.string(),
  cacheStatus: z.string(),
});
export type UsageRecord = z.infer<typeof UsageRecordRow>;

export function usageRecordsOf(database: DatabasePool, orgId: string) {
  return database.any(sql.type(UsageRecordRow)`
    SELECT request_id AS "requestId", output_tokens AS "outputTokens",
           cost_micros::float8 AS "costMicros", outcome, cache_status AS "cacheStatus"
    FROM usage_records WHERE org_id = ${orgId}`);
}

/**
 * The organization's usage rows once `enough` says so, or as they are at the deadline: the
 * ledger writes them asynchronously, so a test waits for them rather than for a fixed time.
 */
export async function usageRecordsOnceWritten(
  database: DatabasePool,
  orgId: string,
  enough: (rows: readonly UsageRecord[]) => boolean,
  timeoutMs = 20_000,
): Promise<readonly UsageRecord[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await usageRecordsOf(database, orgId);
    if (enough(rows) || Date.now() > deadline) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
