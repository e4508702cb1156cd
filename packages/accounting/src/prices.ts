import type { ModelPrice } from '@alfred/contracts';
import { sql, type CommonQueryMethods, type DatabasePool } from 'slonik';
import { z } from 'zod';
import { appendAuditRecords, lockAuditChain } from './audit/audit-chain-append.ts';
import { nameBasedUuid } from './name-based-uuid.ts';

/** Prices in micro-credits per million tokens, in force from `effectiveFrom` (ms; default now). */
export interface NewModelPrice {
  model: string;
  input: number;
  output: number;
  cachedInput: number;
  effectiveFrom?: number;
}

// Prices are far below 2^53, so float8 carries them exactly (and reads as a number).
const PriceRow = z.object({
  id: z.string(),
  model: z.string(),
  inputMicrosPerMillion: z.number(),
  outputMicrosPerMillion: z.number(),
  cachedInputMicrosPerMillion: z.number(),
  effectiveFrom: z.number(),
});

const columns = sql.fragment`
  id, model, input_micros_per_million::float8 AS "inputMicrosPerMillion",
  output_micros_per_million::float8 AS "outputMicrosPerMillion",
  cached_input_micros_per_million::float8 AS "cachedInputMicrosPerMillion",
  effective_from AS "effectiveFrom"`;

/** A price already set for the same model and instant, with other amounts. */
export class PriceConflictError extends Error {
  constructor(model: string, effectiveFrom: number) {
    super(
      `${model} already has other prices from ${new Date(effectiveFrom).toISOString()}; prices are never rewritten, set new ones from a later instant`,
    );
    this.name = 'PriceConflictError';
  }
}

/**
 * Adds a price, effective from its instant on, with an audit record. Past charges keep the
 * price they were made at. Setting the same price again is a no-op.
 */
export async function setPrice(pool: DatabasePool, price: NewModelPrice): Promise<ModelPrice> {
  const effectiveFrom = price.effectiveFrom ?? Date.now();
  for (const amount of [price.input, price.output, price.cachedInput]) {
    if (!Number.isSafeInteger(amount) || amount < 0)
      throw new RangeError(`prices are non-negative integers of micros per million tokens`);
  }
  return pool.transaction(async (tx) => {
    await lockAuditChain(tx);
    const inserted = await tx.maybeOne(sql.type(PriceRow)`
      INSERT INTO model_prices (model, input_micros_per_million, output_micros_per_million,
                                cached_input_micros_per_million, effective_from)
      VALUES (${price.model}, ${price.input}, ${price.output}, ${price.cachedInput},
              ${new Date(effectiveFrom).toISOString()})
      ON CONFLICT (model, effective_from) DO NOTHING
      RETURNING ${columns}`);
    if (!inserted) {
      const existing = await tx.one(sql.type(PriceRow)`
        SELECT ${columns} FROM model_prices
        WHERE model = ${price.model} AND effective_from = ${new Date(effectiveFrom).toISOString()}`);
      const same =
        existing.inputMicrosPerMillion === price.input &&
        existing.outputMicrosPerMillion === price.output &&
        existing.cachedInputMicrosPerMillion === price.cachedInput;
      if (!same) throw new PriceConflictError(price.model, effectiveFrom);
      return existing;
    }
    await appendAuditRecords(tx, [
      {
        id: nameBasedUuid(`audit:price:${inserted.id}`),
        kind: 'price.set',
        subject: `model:${price.model}`,
        payload: {
          priceId: inserted.id,
          model: price.model,
          inputMicrosPerMillion: price.input,
          outputMicrosPerMillion: price.output,
          cachedInputMicrosPerMillion: price.cachedInput,
          effectiveFrom,
        },
        occurredAt: Date.now(),
      },
    ]);
    return inserted;
  });
}

/** The price of `model` in force at `at` (ms; default now), or null if it had none. */
export async function priceAt(
  db: CommonQueryMethods,
  model: string,
  at: number = Date.now(),
): Promise<ModelPrice | null> {
  return db.maybeOne(sql.type(PriceRow)`
    SELECT ${columns} FROM model_prices
    WHERE model = ${model} AND effective_from <= ${new Date(at).toISOString()}
    ORDER BY effective_from DESC LIMIT 1`);
}
