import { sql } from 'slonik';
import type { DatabasePool } from '../pool.ts';
import type { SpendingProfile } from './spending-profile.ts';

export type BudgetLimit = SpendingProfile['budgets'][number];

/**
 * Sets the limit of one budget (a scope, its id and a period), creating the budget if it
 * has none. A budget Redis was already seeded with keeps its old limit there until the
 * caller also passes the new one to `SpendControl.updateBudgetLimit`.
 */
export async function setBudgetLimit(pool: DatabasePool, budget: BudgetLimit): Promise<void> {
  await pool.query(sql.unsafe`
    INSERT INTO budgets (scope, scope_id, period, limit_micros)
    VALUES (${budget.scope}, ${budget.scopeId}, ${budget.period}, ${budget.limitMicros})
    ON CONFLICT (scope, scope_id, period) DO UPDATE SET limit_micros = EXCLUDED.limit_micros`);
}
