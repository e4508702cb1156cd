import { requireCount, type AdmitPlan } from './admit-plan.ts';
import type { AdmissionRequest } from './admission.ts';
import type { BudgetRef } from './budget-period.ts';
import type { ScriptArgument } from './commands/spend-commands.ts';

/** A wallet or budget Redis does not hold yet, for the caller to read from PostgreSQL. */
export type SeedRequest =
  | { kind: 'wallet'; accountId: string }
  | {
      kind: 'budget';
      budget: BudgetRef;
      periodKey: string;
      /** Usage with occurred_at in [from, until) counts as spent; null = unbounded. */
      from: number | null;
      until: number | null;
    };

/** accounts.balance_micros and floor_micros. */
export interface WalletSeed {
  balanceMicros: number;
  floorMicros: number;
}

/** budgets.limit_micros, and the usage_records cost in the period so far. */
export interface BudgetSeed {
  limitMicros: number;
  spentMicros: number;
}

/** Reads PostgreSQL: one value per request, in the same order. */
export type SeedSource = (requests: readonly SeedRequest[]) => Promise<(WalletSeed | BudgetSeed)[]>;

interface WantedSeed {
  key: string;
  seedRequest: SeedRequest;
  expireAt: number;
}

/**
 * Seeds what the admit script found missing: reads PostgreSQL through the caller's
 * SeedSource, then writes each key only if still absent. Concurrent admissions in this
 * process that miss the same key wait for one read instead of each asking PostgreSQL
 * (a cold start would otherwise send a burst of identical queries).
 */
export class Seeder {
  readonly #seed: SeedSource;
  readonly #write: (keys: string[], args: ScriptArgument[]) => Promise<number>;
  readonly #budgetGraceMs: number;
  readonly #inFlight = new Map<string, Promise<unknown>>();

  constructor(
    seed: SeedSource,
    write: (keys: string[], args: ScriptArgument[]) => Promise<number>,
    budgetGraceMs: number,
  ) {
    this.#seed = seed;
    this.#write = write;
    this.#budgetGraceMs = budgetGraceMs;
  }

  /** Returns how many keys this call wrote (0 if others seeded them first). */
  async seedMissing(
    missing: readonly number[],
    request: AdmissionRequest,
    plan: AdmitPlan,
  ): Promise<number> {
    const wanted = missing.map((index) => this.#wanted(index, request, plan));
    const othersSeeding = wanted.flatMap((w) => this.#inFlight.get(w.key) ?? []);
    const mine = wanted.filter((w) => !this.#inFlight.has(w.key));
    const seeding = mine.length > 0 ? this.#seedKeys(mine) : Promise.resolve(0);
    for (const w of mine) this.#inFlight.set(w.key, seeding);
    try {
      // Awaited together so that a failure of ours is handled even while others still run;
      // a failure of theirs only means the next admission attempt finds the key missing.
      const [written] = await Promise.all([seeding, Promise.allSettled(othersSeeding)]);
      return written;
    } finally {
      for (const w of mine) this.#inFlight.delete(w.key);
    }
  }

  async #seedKeys(wanted: WantedSeed[]): Promise<number> {
    const args = await this.#read(wanted);
    return this.#write(
      wanted.map((w) => w.key),
      args,
    );
  }

  #wanted(index: number, request: AdmissionRequest, plan: AdmitPlan): WantedSeed {
    if (index === 0) {
      const seedRequest: SeedRequest = { kind: 'wallet', accountId: request.walletAccountId };
      return { key: plan.walletKey, seedRequest, expireAt: 0 };
    }
    const budget = plan.budgets[index - 1];
    if (!budget) throw new Error(`the admit script named no budget ${index}`);
    const { periodKey, from, until } = budget.window;
    const seedRequest: SeedRequest = { kind: 'budget', budget: budget.ref, periodKey, from, until };
    // A dated budget outlives its period by a grace long enough for late settlements.
    return {
      key: budget.key,
      seedRequest,
      expireAt: until === null ? 0 : until + this.#budgetGraceMs,
    };
  }

  /** The seed script's ARGV: per key kind, two values, expire-at. */
  async #read(wanted: WantedSeed[]): Promise<ScriptArgument[]> {
    const values = await this.#seed(wanted.map((w) => w.seedRequest));
    if (values.length !== wanted.length) {
      throw new Error(`seed returned ${values.length} values for ${wanted.length} requests`);
    }
    return wanted.flatMap(({ seedRequest, expireAt }, i) => {
      const value = values[i];
      if (seedRequest.kind === 'wallet' && value && 'balanceMicros' in value) {
        requireInteger('balanceMicros', value.balanceMicros);
        requireInteger('floorMicros', value.floorMicros);
        return ['wallet', value.balanceMicros, value.floorMicros, expireAt];
      }
      if (seedRequest.kind === 'budget' && value && 'limitMicros' in value) {
        requireCount('limitMicros', value.limitMicros);
        requireCount('spentMicros', value.spentMicros);
        return ['budget', value.limitMicros, value.spentMicros, expireAt];
      }
      throw new TypeError(`seed value ${i} does not fit a ${seedRequest.kind}`);
    });
  }
}

/** Balances and floors may be negative (an overdraft), but never fractional. */
function requireInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be an integer, not ${value}`);
  }
}
