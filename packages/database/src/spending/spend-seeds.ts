import { sql } from 'slonik';
import { z } from 'zod';
import type { DatabasePool } from '../pool.ts';

/**
 * The PostgreSQL values Redis admission starts from when it holds none: a wallet's balance
 * and floor, and a budget's limit with what was spent in its period so far. Shapes match
 * `@alfred/spend-control`'s SeedRequest / seeds without importing it (packages stay apart).
 */
export type SpendSeedRequest =
  | { kind: 'wallet'; accountId: string }
  | {
      kind: 'budget';
      budget: { scope: 'org' | 'team' | 'key'; scopeId: string; period: string };
      from: number | null;
      until: number | null;
    };

const WalletRow = z.object({ balanceMicros: z.number(), floorMicros: z.number() });
const BudgetRow = z.object({ limitMicros: z.number(), spentMicros: z.number() });

export async function readSpendSeeds(
  pool: DatabasePool,
  requests: readonly SpendSeedRequest[],
): Promise<
  ({ balanceMicros: number; floorMicros: number } | { limitMicros: number; spentMicros: number })[]
> {
  return Promise.all(
    requests.map(async (request) => {
      if (request.kind === 'wallet') {
        const row = await pool.maybeOne(sql.type(WalletRow)`
          SELECT balance_micros::float8 AS "balanceMicros", coalesce(floor_micros, 0)::float8 AS "floorMicros"
          FROM accounts WHERE id = ${request.accountId}`);
        // A wallet that does not exist holds nothing: every admission against it is refused.
        return row ?? { balanceMicros: 0, floorMicros: 0 };
      }
      const { scope, scopeId, period } = request.budget;
      const from =
        request.from === null
          ? sql.fragment`'-infinity'::timestamptz`
          : sql.timestamp(new Date(request.from));
      const until =
        request.until === null
          ? sql.fragment`'infinity'::timestamptz`
          : sql.timestamp(new Date(request.until));
      const scopeFilter =
        scope === 'key'
          ? sql.fragment`u.key_id = ${scopeId}`
          : scope === 'org'
            ? sql.fragment`u.org_id = ${scopeId}`
            : // A team's budget covers every team below it.
              sql.fragment`u.team_id IN (
                WITH RECURSIVE below (id) AS (
                  SELECT ${scopeId}::uuid UNION ALL
                  SELECT t.id FROM teams t JOIN below b ON t.parent_team_id = b.id
                ) SELECT id FROM below)`;
      const row = await pool.one(sql.type(BudgetRow)`
        SELECT
          coalesce((SELECT limit_micros FROM budgets
                    WHERE scope = ${scope} AND scope_id = ${scopeId} AND period = ${period}), 0)::float8
            AS "limitMicros",
          coalesce((SELECT sum(cost_micros) FROM usage_records u
                    WHERE ${scopeFilter} AND u.occurred_at >= ${from} AND u.occurred_at < ${until}), 0)::float8
            AS "spentMicros"`);
      return row;
    }),
  );
}
