import { z } from 'zod';

/** Prices of one model from `effectiveFrom` on, in micro-credits per million tokens. */
export const ModelPriceSchema = z.object({
  id: z.uuid(),
  model: z.string(),
  inputMicrosPerMillion: z.number().int().nonnegative(),
  outputMicrosPerMillion: z.number().int().nonnegative(),
  cachedInputMicrosPerMillion: z.number().int().nonnegative(),
  effectiveFrom: z.number().int(),
});
export type ModelPrice = z.infer<typeof ModelPriceSchema>;

export interface TokenCounts {
  input: number;
  output: number;
  cachedInput: number;
}

/**
 * The cost of `tokens` at `price`, in micro-credits, rounded up (never bill a fraction
 * down to zero). BigInt because tokens × price can pass 2^53. Cached input tokens are
 * part of `input` and are charged at the cached price instead of the input price.
 */
export function costMicros(tokens: TokenCounts, price: ModelPrice | null): number {
  if (!price) return 0;
  const cached = BigInt(Math.min(tokens.cachedInput, tokens.input));
  const uncached = BigInt(tokens.input) - cached;
  const total =
    uncached * BigInt(price.inputMicrosPerMillion) +
    cached * BigInt(price.cachedInputMicrosPerMillion) +
    BigInt(tokens.output) * BigInt(price.outputMicrosPerMillion);
  return Number((total + 999_999n) / 1_000_000n);
}
