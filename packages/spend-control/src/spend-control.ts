import type { Redis } from 'ioredis';
import { AdmitPlanCache, planAdmission, requireCount } from './admit-plan.ts';
import { readAdmitReply } from './admit-reply.ts';
import type { ActualUsage, Admission, AdmissionRequest, SettleResult } from './admission.ts';
import { budgetPeriodWindow, type BudgetRef } from './budget-period.ts';
import {
  defineSpendCommands,
  type RunSpendCommand,
  type ScriptArgument,
} from './commands/spend-commands.ts';
import { Seeder, type SeedSource } from './seeding.ts';
import {
  SpendControlMetrics,
  type SpendControlCounters,
  type SpendControlCounts,
} from './spend-control-metrics.ts';
import { guardRedisCall, SpendControlUnavailableError } from './spend-control-unavailable-error.ts';
import { SpendKeys } from './spend-keys.ts';
import { refreshWallet, type WalletReader, type WalletRefresh } from './wallet-refresh.ts';

export interface SpendControlOptions {
  /** Reads wallets and budgets Redis does not hold yet from PostgreSQL. */
  seed: SeedSource;
  /** Key prefix, used as the hash tag `{prefix}:`. Default 'alfred'. */
  prefix?: string;
  /** How long a reservation holds before the sweeper releases it. Default 10 minutes. */
  reservationTtlMs?: number;
  /** How long an expired reservation is kept so a late settle still charges. Default 1 hour. */
  expiredReservationRetentionMs?: number;
  /** How long a dated budget's key outlives its period. Default 2 days. */
  budgetGraceMs?: number;
  /** Deadline of every Redis call; past it, SpendControlUnavailableError. Default 1000 ms. */
  commandTimeoutMs?: number;
  /** Names budget periods (UTC day, month). Rate limits and expiries use Redis's clock. */
  clock?: () => number;
  counters?: SpendControlCounters;
}

/** How often admission seeds and retries before giving up (keys expiring meanwhile). */
const seedAttempts = 3;

/**
 * Credits that are never overspent, and rate limits, in Redis: one admit script call per
 * request before any provider is called, one settle call after the answer.
 */
export class SpendControl {
  readonly #redis: Redis;
  readonly #keys: SpendKeys;
  readonly #run: RunSpendCommand;
  readonly #seeder: Seeder;
  readonly #ttlMs: number;
  readonly #retentionMs: number;
  readonly #timeoutMs: number;
  readonly #clock: () => number;
  readonly #metrics: SpendControlMetrics;
  readonly #plans = new AdmitPlanCache();

  constructor(redis: Redis, options: SpendControlOptions) {
    if (redis.options.keyPrefix) {
      // The scripts store and rebuild key names; ioredis's own prefix would not be in them.
      throw new Error('give SpendControl a Redis client without keyPrefix; use options.prefix');
    }
    this.#redis = redis;
    this.#keys = new SpendKeys(options.prefix ?? 'alfred');
    this.#run = defineSpendCommands(redis);
    this.#ttlMs = options.reservationTtlMs ?? 600_000;
    this.#retentionMs = options.expiredReservationRetentionMs ?? 3_600_000;
    this.#timeoutMs = options.commandTimeoutMs ?? 1000;
    this.#clock = options.clock ?? Date.now;
    this.#metrics = new SpendControlMetrics(options.counters);
    const writeSeeds = async (keys: string[], args: ScriptArgument[]) =>
      Number(await this.#guard(() => this.#run('seed', keys, args)));
    this.#seeder = new Seeder(options.seed, writeSeeds, options.budgetGraceMs ?? 2 * 86_400_000);
  }

  get counts(): Readonly<SpendControlCounts> {
    return this.#metrics.counts;
  }

  get keys(): SpendKeys {
    return this.#keys;
  }

  /**
   * Reserves the worst-case cost on the wallet and every budget and counts the request in
   * every rate limit, atomically, or says why not (429). Once the keys are in Redis this is
   * one round trip; the first request for a wallet or a budget period seeds it first.
   */
  async admit(request: AdmissionRequest): Promise<Admission> {
    const plan = planAdmission(request, this.#keys, this.#clock(), this.#ttlMs, this.#plans);
    for (let attempt = 1; ; attempt += 1) {
      let reply: unknown;
      try {
        reply = await this.#guard(() => this.#run('admit', plan.keys, plan.args));
      } catch (error) {
        // The script may still run after our deadline; if it does, this frees its holds.
        if (error instanceof SpendControlUnavailableError) {
          this.release(request.reservationId).catch(() => {});
        }
        throw error;
      }
      const outcome = readAdmitReply(reply, request, plan);
      if ('admission' in outcome) {
        const { admission } = outcome;
        if (admission.admitted) this.#metrics.admitted();
        else this.#metrics.rejected(admission);
        return admission;
      }
      if (attempt === seedAttempts) throw new Error(`keys still missing after ${attempt} seedings`);
      this.#metrics.seeded(await this.#seeder.seedMissing(outcome.needsSeed, request, plan));
    }
  }

  /**
   * Charges the actual cost and releases the rest of the reservation; for a stream cut off
   * by either side, charge what was delivered. Settling an id again is a no-op.
   */
  async settle(reservationId: string, actual: ActualUsage): Promise<SettleResult> {
    const [result] = await this.settleBatch([{ reservationId, actual }]);
    if (!result) throw new Error('the settle script answered nothing');
    return result;
  }

  /**
   * Settles many reservations in one Redis call (one write, one round trip), each as
   * `settle` would, in order; one result per settlement. After a failed call some may be
   * settled and some not; settling them again is safe.
   */
  async settleBatch(settlements: readonly Settlement[]): Promise<SettleResult[]> {
    if (settlements.length === 0) return [];
    const keys = [this.#keys.reservationExpiry];
    const args: ScriptArgument[] = [];
    for (const { reservationId, actual } of settlements) {
      requireSettlement(reservationId, actual);
      keys.push(this.#keys.reservation(reservationId));
      args.push(reservationId, actual.costMicros, actual.tokens ?? '');
    }
    const replies = (await this.#guard(() => this.#run('settle', keys, args))) as unknown[];
    return replies.map(readSettleReply);
  }

  /** For a call that failed: nothing charged, every hold and every counted token given back. */
  release(reservationId: string): Promise<SettleResult> {
    return this.settle(reservationId, { costMicros: 0, tokens: 0 });
  }

  /** Releases up to `batchSize` reservations whose time ran out; returns how many. */
  async expireReservations(batchSize = 100): Promise<number> {
    const released = Number(
      await this.#guard(() =>
        this.#run(
          'expireReservations',
          [this.#keys.reservationExpiry],
          [this.#keys.reservationPrefix, batchSize, this.#retentionMs],
        ),
      ),
    );
    this.#metrics.expired(released);
    return released;
  }

  /** Re-seeds a wallet from PostgreSQL, keeping costs not yet posted subtracted. */
  refreshWallet(accountId: string, read: WalletReader): Promise<WalletRefresh> {
    const dependencies = {
      redis: this.#redis,
      keys: this.#keys,
      run: this.#run,
      guard: <T>(call: () => Promise<T>) => this.#guard(call),
    };
    return refreshWallet(dependencies, accountId, read);
  }

  /** Applies a changed budgets.limit_micros to the current period; false if not held yet. */
  async updateBudgetLimit(budget: BudgetRef, limitMicros: number): Promise<boolean> {
    requireCount('limitMicros', limitMicros);
    const { periodKey } = budgetPeriodWindow(budget.period, this.#clock());
    const key = this.#keys.budget(budget, periodKey);
    return (await this.#guard(() => this.#run('updateBudgetLimit', [key], [limitMicros]))) === 1;
  }

  #guard<T>(call: () => Promise<T>): Promise<T> {
    return guardRedisCall(call, this.#timeoutMs);
  }
}

/** One reservation to settle and what its request actually used. */
export interface Settlement {
  reservationId: string;
  actual: ActualUsage;
}

function requireSettlement(reservationId: string, actual: ActualUsage): void {
  if (!reservationId) throw new TypeError('reservationId is required');
  requireCount('costMicros', actual.costMicros);
  if (actual.tokens !== undefined) requireCount('tokens', actual.tokens);
}

function readSettleReply(reply: unknown): SettleResult {
  const [status, reservedMicros = 0, chargedMicros = 0] = reply as [string, number?, number?];
  if (status === 'settled') return { status, reservedMicros, chargedMicros };
  if (status === 'settled_after_expiry') return { status, reservedMicros: 0, chargedMicros };
  return { status: 'already_settled' };
}
