export type BudgetScope = 'org' | 'team' | 'key';
export type BudgetPeriod = 'total' | 'daily' | 'monthly';

/** A budget as PostgreSQL's `budgets` table identifies it (scope, scope_id, period). */
export interface BudgetRef {
  scope: BudgetScope;
  scopeId: string;
  period: BudgetPeriod;
}

/**
 * The calendar period (UTC) a budget counts spending in at a given moment: `periodKey` names
 * it in Redis ('all', 'YYYY-MM-DD', 'YYYY-MM'); `from`/`until` bound the usage that counts
 * (null for an all-time budget).
 */
export interface BudgetPeriodWindow {
  periodKey: string;
  from: number | null;
  until: number | null;
}

export function budgetPeriodWindow(period: BudgetPeriod, nowMs: number): BudgetPeriodWindow {
  if (period === 'total') return { periodKey: 'all', from: null, until: null };
  const now = new Date(nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  if (period === 'monthly') {
    return {
      periodKey: now.toISOString().slice(0, 7),
      from: Date.UTC(year, month, 1),
      until: Date.UTC(year, month + 1, 1),
    };
  }
  const day = now.getUTCDate();
  return {
    periodKey: now.toISOString().slice(0, 10),
    from: Date.UTC(year, month, day),
    until: Date.UTC(year, month, day + 1),
  };
}
