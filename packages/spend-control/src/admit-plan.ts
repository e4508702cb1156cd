import type { AdmissionRequest, RateLimitRule } from './admission.ts';
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

/** The parts of a plan that depend only on a key's budgets and rate limits, not the request. */
interface BudgetsPlan {
  budgets: PlannedBudget[];
  keys: string[];
  /** The budget periods hold from `from` (inclusive) until `until` (exclusive), in ms. */
  from: number;
  until: number;
}
interface BucketsPlan {
  buckets: PlannedBucket[];
  keys: string[];
  /** Per bucket: unit, limit. */
  args: ScriptArgument[];
}

/**
 * Plans of the budgets and rate limits a caller passes again and again (ingress passes the
 * arrays of a cached spending profile): their keys and arguments are built and checked
 * once per array and, for budgets, once per period, not once per request. One per
 * SpendControl, whose key prefix the plans carry.
 */
export class AdmitPlanCache {
  readonly #budgets = new WeakMap<readonly BudgetRef[], BudgetsPlan>();
  readonly #buckets = new WeakMap<readonly RateLimitRule[], BucketsPlan>();

  budgets(refs: readonly BudgetRef[], keys: SpendKeys, nowMs: number): BudgetsPlan {
    const cached = this.#budgets.get(refs);
    if (cached && cached.from <= nowMs && nowMs < cached.until) return cached;
    const plan = planBudgets(refs, keys, nowMs);
    this.#budgets.set(refs, plan);
    return plan;
  }

  buckets(rules: readonly RateLimitRule[], keys: SpendKeys): BucketsPlan {
    let plan = this.#buckets.get(rules);
    if (!plan) {
      plan = planBuckets(rules, keys);
      this.#buckets.set(rules, plan);
    }
    return plan;
  }
}

function planBudgets(refs: readonly BudgetRef[], keys: SpendKeys, nowMs: number): BudgetsPlan {
  let from = Number.NEGATIVE_INFINITY;
  let until = Number.POSITIVE_INFINITY;
  const budgets = refs.map((ref) => {
    const window = budgetPeriodWindow(ref.period, nowMs);
    if (window.from !== null) from = Math.max(from, window.from);
    if (window.until !== null) until = Math.min(until, window.until);
    return { ref, window, key: keys.budget(ref, window.periodKey) };
  });
  return { budgets, keys: budgets.map((b) => b.key), from, until };
}

function planBuckets(rules: readonly RateLimitRule[], keys: SpendKeys): BucketsPlan {
  const buckets: PlannedBucket[] = [];
  for (const { scope, id, rpm, tpm } of rules) {
    if (rpm != null) {
      requireCount(`rpm of ${scope} ${id}`, rpm, 1);
      buckets.push({ scope, id, unit: 'requests', limit: rpm });
    }
    if (tpm != null) {
      requireCount(`tpm of ${scope} ${id}`, tpm, 1);
      buckets.push({ scope, id, unit: 'tokens', limit: tpm });
    }
  }
  return {
    buckets,
    keys: buckets.map((b) => keys.rateLimit(b.scope, b.id, b.unit)),
    args: buckets.flatMap((b) => [b.unit, b.limit]),
  };
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
  cache: AdmitPlanCache,
): AdmitPlan {
  validateAdmission(request);
  const walletKey = keys.wallet(request.walletAccountId);
  const budgets = cache.budgets(request.budgets, keys, nowMs);
  const buckets = cache.buckets(request.rateLimits, keys);
  return {
    keys: [
      keys.reservationExpiry,
      keys.reservation(request.reservationId),
      walletKey,
      ...budgets.keys,
      ...buckets.keys,
    ],
    args: [
      ttlMs,
      request.amountMicros,
      request.tokens,
      budgets.budgets.length,
      buckets.buckets.length,
      request.reservationId,
      ...buckets.args,
    ],
    walletKey,
    budgets: budgets.budgets,
    buckets: buckets.buckets,
  };
}

/** The per-request numbers; the rate limits are checked when their plan is made. */
function validateAdmission(request: AdmissionRequest): void {
  if (!request.reservationId) throw new TypeError('reservationId is required');
  requireCount('amountMicros', request.amountMicros);
  requireCount('tokens', request.tokens);
}

/** Money and counts are integers: never a float near a balance. */
export function requireCount(name: string, value: number, min = 0): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer of at least ${min}, not ${value}`);
  }
}
