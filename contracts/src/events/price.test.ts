import { describe, expect, it } from 'vitest';
import { costMicros, type ModelPrice } from './price.ts';

const price: ModelPrice = {
  id: '00000000-0000-4000-8000-000000000001',
  model: 'm',
  inputMicrosPerMillion: 2_500_000, // 2.5 credits per million input tokens
  outputMicrosPerMillion: 10_000_000,
  cachedInputMicrosPerMillion: 1_250_000,
  effectiveFrom: 0,
};

describe('costMicros', () => {
  it('charges input, cached input and output at their prices, rounding up to a micro-credit', () => {
    expect(costMicros({ input: 1_000_000, output: 0, cachedInput: 0 }, price)).toBe(2_500_000);
    expect(costMicros({ input: 1, output: 0, cachedInput: 0 }, price)).toBe(3); // 2.5 → 3
    expect(costMicros({ input: 1000, output: 100, cachedInput: 400 }, price)).toBe(
      Math.ceil((600 * 2.5e6 + 400 * 1.25e6 + 100 * 1e7) / 1e6),
    );
  });

  it('is exact beyond 2^53 intermediate products, and free without a price', () => {
    const expensive = { ...price, outputMicrosPerMillion: 9_000_000_000 };
    expect(costMicros({ input: 0, output: 5_000_000, cachedInput: 0 }, expensive)).toBe(
      45_000_000_000,
    );
    expect(costMicros({ input: 10, output: 10, cachedInput: 0 }, null)).toBe(0);
  });
});
