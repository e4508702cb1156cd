import { CacheConfigSchema } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { cacheHitCostMicros } from './cache-hit-billing.ts';

describe('cacheHitCostMicros', () => {
  it('makes hits free unless configured otherwise', () => {
    const { hitBilling } = CacheConfigSchema.parse({});
    expect(hitBilling).toBe('free');
    expect(cacheHitCostMicros(hitBilling, 12_345)).toBe(0);
  });

  it('charges the full cost or a whole percentage of it, rounded down, in integers', () => {
    expect(cacheHitCostMicros('full', 12_345)).toBe(12_345);
    expect(cacheHitCostMicros({ percent: 10 }, 12_345)).toBe(1234);
    expect(cacheHitCostMicros({ percent: 100 }, 12_345)).toBe(12_345);
    expect(cacheHitCostMicros({ percent: 33 }, Number.MAX_SAFE_INTEGER)).toBe(
      2_972_375_754_064_527,
    );
    expect(() => cacheHitCostMicros('full', 1.5)).toThrow(RangeError);
  });

  it('rejects percentages outside 0–100 in the configuration', () => {
    expect(CacheConfigSchema.safeParse({ hitBilling: { percent: 150 } }).success).toBe(false);
    expect(CacheConfigSchema.safeParse({ hitBilling: { percent: 12.5 } }).success).toBe(false);
  });
});
