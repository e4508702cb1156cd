import type { AdmissionRequest } from './admission.ts';
import { budgetPeriodWindow, type BudgetPeriodWindow, type BudgetRef } from './budget-period.ts';
import type { ScriptArgument } from './commands/spend-commands.ts';
import type { RateLimitScope, RateLimitUnit, SpendKeys } from './spend-keys.ts';

export interface PlannedBudget {
  ref: BudgetRef;
  window: BudgetPeriodWindow;
  key: string;
}

export interface PlannedBucket {
  scope: RateLimitScope;
  id: string;
  unit: RateLimitUnit;
  limit: number;
}

/** The admit script's KEYS and ARGV for one request, and what each position stands for. */
export interface AdmitPlan {
  keys: string[];
  args: ScriptArgument[];
  walletKey: string;
  budgets: PlannedBudget[];
  buckets: PlannedBucket[];
}

/**
 * Fixes the request's keys once, so that a retry after seeding asks about the same budget
 * periods even if midnight passed in between.
 */
export function planAdmission(
  request: AdmissionRequest,
  keys: SpendKeys,
  nowMs: number,
  ttlMs: number,
): AdmitPlan {
  validateAdmission(request);
  const walletKey = keys.wallet(request.walletAccountId);
  const budgets = request.budgets.map((ref) => {
    const window = budgetPeriodWindow(ref.period, nowMs);
    return { ref, window, key: keys.budget(ref, window.periodKey) };
  });
  const buckets: PlannedBucket[] = [];
  for (const rule of request.rateLimits) {
    if (rule.rpm !== undefined)
      buckets.push({ ...ruleId(rule), unit: 'requests', limit: rule.rpm });
    if (rule.tpm !== undefined) buckets.push({ ...ruleId(rule), unit: 'tokens', limit: rule.tpm });
  }
  return {
    keys: [
      keys.reservationExpiry,
      keys.reservation(request.reservationId),
      walletKey,
      ...budgets.map((b) => b.key),
      ...buckets.map((b) => keys.rateLimit(b.scope, b.id, b.unit)),
    ],
    args: [
      ttlMs,
      request.amountMicros,
      request.tokens,
      budgets.length,
      buckets.length,
      request.reservationId,
      ...buckets.flatMap((b) => [b.unit, b.limit]),
    ],
    walletKey,
    budgets,
    buckets,
  };
}

const ruleId = (rule: { scope: RateLimitScope; id: string }) => ({
  scope: rule.scope,
  id: rule.id,
});

function validateAdmission(request: AdmissionRequest): void {
  if (!request.reservationId) throw new TypeError('reservationId is required');
  requireCount('amountMicros', request.amountMicros);
  requireCount('tokens', request.tokens);
  for (const rule of request.rateLimits) {
    if (rule.rpm !== undefined) requireCount(`rpm of ${rule.scope} ${rule.id}`, rule.rpm, 1);
    if (rule.tpm !== undefined) requireCount(`tpm of ${rule.scope} ${rule.id}`, rule.tpm, 1);
  }
}

/** Money and counts are integers: never a float near a balance. */
export function requireCount(name: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer of at least ${min}, not ${value}`);
  }
}
