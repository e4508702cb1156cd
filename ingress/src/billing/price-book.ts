import { ModelPriceSchema, type ModelPrice } from '@alfred/contracts';
import type { DatabasePool } from '@alfred/database';
import { sql } from 'slonik';

const refreshMs = 30_000;

/**
 * The price in force for every model, kept in memory and refreshed in the background, so
 * admission never waits on PostgreSQL. A model without a price costs nothing.
 */
export class PriceBook {
  readonly #pool: DatabasePool;
  #prices = new Map<string, ModelPrice>();
  #timer: NodeJS.Timeout | undefined;

  static async load(pool: DatabasePool): Promise<PriceBook> {
    const book = new PriceBook(pool);
    await book.refresh();
    book.#timer = setInterval(() => void book.refresh().catch(() => {}), refreshMs);
    book.#timer.unref();
    return book;
  }

  constructor(pool: DatabasePool) {
    this.#pool = pool;
  }

  priceFor(model: string): ModelPrice | null {
    return this.#prices.get(model) ?? null;
  }

  async refresh(): Promise<void> {
    const rows = await this.#pool.any(sql.type(ModelPriceSchema)`
      SELECT DISTINCT ON (model) id, model,
        input_micros_per_million::float8 AS "inputMicrosPerMillion",
        output_micros_per_million::float8 AS "outputMicrosPerMillion",
        cached_input_micros_per_million::float8 AS "cachedInputMicrosPerMillion",
        (extract(epoch FROM effective_from) * 1000)::float8 AS "effectiveFrom"
      FROM model_prices WHERE effective_from <= now()
      ORDER BY model, effective_from DESC`);
    this.#prices = new Map(rows.map((price) => [price.model, price]));
  }

  close(): void {
    clearInterval(this.#timer);
  }
}
