import { listPrices, priceAt, setPrice } from '@alfred/accounting';
import { createDatabasePool } from '@alfred/database';

/**
 * The bench's requests must cost something, or the worker has nothing to settle or publish
 * and the `credits` phase measures a reservation alone. A model without a price gets the
 * list price (gpt-4o-mini's for a model without one); a price an operator set is kept.
 */
export async function ensureBenchModelPrice(databaseUrl: string, model: string): Promise<string> {
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const list = listPrices.find((p) => p.model === model) ?? listPrices[0];
    const price = (await priceAt(pool, model)) ?? (await setPrice(pool, { ...list, model }));
    return `${model} costs ${price.inputMicrosPerMillion} / ${price.outputMicrosPerMillion} micro-credits per million input / output tokens`;
  } finally {
    await pool.end();
  }
}
