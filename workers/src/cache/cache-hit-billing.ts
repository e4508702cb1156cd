import type { CacheHitBilling } from '@alfred/contracts';

/**
 * What a cache hit is charged, from what the same answer would cost fresh (the cached
 * answer's usage at the request's price): nothing by default, the full cost, or a whole
 * percentage of it, rounded down. The hit is recorded in usage either way (cacheStatus
 * 'hit' or 'semantic', with the tokens it saved), so analytics can show the savings.
 */
export function cacheHitCostMicros(policy: CacheHitBilling, fullCostMicros: number): number {
  if (!Number.isSafeInteger(fullCostMicros) || fullCostMicros < 0) {
    throw new RangeError(
      `a cost in micro-credits must be a non-negative integer: ${fullCostMicros}`,
    );
  }
  if (policy === 'free') return 0;
  if (policy === 'full') return fullCostMicros;
  // Split so that no intermediate product can leave the range of exact integers.
  const whole = Math.floor(fullCostMicros / 100);
  const rest = fullCostMicros % 100;
  return whole * policy.percent + Math.floor((rest * policy.percent) / 100);
}
