import type { NewModelPrice } from './prices.ts';

/**
 * OpenAI's list prices (micro-credits per million tokens, 1 credit = $1) of the models the
 * demo (`npm start`) and the benchmark price when nobody else has. Effective from a fixed
 * past instant, so setting them again finds the same prices and adds nothing.
 */
export const listPrices = [
  {
    model: 'gpt-4o-mini',
    input: 150_000,
    output: 600_000,
    cachedInput: 75_000,
    effectiveFrom: Date.UTC(2026, 0, 1),
  },
  {
    model: 'text-embedding-3-small',
    input: 20_000,
    output: 0,
    cachedInput: 0,
    effectiveFrom: Date.UTC(2026, 0, 1),
  },
] as const satisfies readonly NewModelPrice[];
