import { priceAt, setPrice } from '@alfred/accounting';
import { createDatabasePool } from '@alfred/database';

/** gpt-4o-mini's list price, in micro-credits per million tokens. */
const listPrice = { input: 150_000, output: 600_000, cachedInput: 75_000 };
/** Fixed and in the past, so that every run finds the price the first one set. */
const listPriceFrom = Date.UTC(2026, 0, 1);

/**
 * The bench's requests must cost something, or the worker has nothing to settle or publish
 * and the `credits` phase measures a reservation alone. A model without a price gets the
 * list price; a price an operator set is kept, whatever it is.
 */
export async function ensureBenchModelPrice(databaseUrl: string, model: string): Promise<string> {
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const price =
      (await priceAt(pool, model)) ??
      (await setPrice(pool, { model, ...listPrice, effectiveFrom: listPriceFrom }));
    return `${model} costs ${price.inputMicrosPerMillion} / ${price.outputMicrosPerMillion} micro-credits per million input / output tokens`;
  } finally {
    await pool.end();
  }
}
