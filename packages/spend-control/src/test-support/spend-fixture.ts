import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AdmissionRequest } from '../admission.ts';
import type { BudgetRef } from '../budget-period.ts';
import type { BudgetSeed, SeedRequest, SeedSource, WalletSeed } from '../seeding.ts';
import { SpendControl, type SpendControlOptions } from '../spend-control.ts';
import { SpendKeys } from '../spend-keys.ts';

export const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/**
 * What PostgreSQL would answer to seeding: the accounts and budgets tables and the usage
 * totals per period, as plain maps the test fills in.
 */
export class SeedTables {
  readonly wallets = new Map<string, WalletSeed>();
  readonly budgets = new Map<string, BudgetSeed>();
  readonly requests: SeedRequest[] = [];

  wallet(accountId: string, balanceMicros: number, floorMicros = 0): void {
    this.wallets.set(accountId, { balanceMicros, floorMicros });
  }

  /** A budget's limit and what usage_records holds for it in one period. */
  budget(ref: BudgetRef, limitMicros: number, spentMicros = 0, periodKey = 'all'): void {
    this.budgets.set(budgetRow(ref, periodKey), { limitMicros, spentMicros });
  }

  readonly seed: SeedSource = async (requests) => {
    this.requests.push(...requests);
    return requests.map((request) => {
      const row =
        request.kind === 'wallet'
          ? this.wallets.get(request.accountId)
          : this.budgets.get(budgetRow(request.budget, request.periodKey));
      if (!row) throw new Error(`no row for ${JSON.stringify(request)}`);
      return row;
    });
  };
}

const budgetRow = (ref: BudgetRef, periodKey: string) =>
  `${ref.scope}:${ref.scopeId}:${ref.period}:${periodKey}`;

/** Real Redis under a random prefix of its own, so test files may run in parallel. */
export class SpendFixture {
  readonly prefix = `test-${randomBytes(6).toString('hex')}`;
  readonly tables = new SeedTables();
  readonly #connections: Redis[] = [];

  connect(): Redis {
    const redis = new Redis(redisUrl);
    this.#connections.push(redis);
    return redis;
  }

  /** A SpendControl on a connection of its own, as one ingress process would have. */
  spendControl(options: Partial<SpendControlOptions> = {}): SpendControl {
    return new SpendControl(this.connect(), {
      seed: this.tables.seed,
      prefix: this.prefix,
      ...options,
    });
  }

  /** Any connection, for looking at keys directly. */
  get redis(): Redis {
    return this.#connections[0] ?? this.connect();
  }

  async close(): Promise<void> {
    const redis = this.redis;
    const keys = await redis.keys(new SpendKeys(this.prefix).pattern);
    if (keys.length > 0) await redis.del(...keys);
    await Promise.all(this.#connections.map((c) => c.quit()));
  }
}

/** An admission of `amountMicros` on `walletAccountId`, with a fresh request id. */
export function admission(
  walletAccountId: string,
  amountMicros: number,
  more: Partial<AdmissionRequest> = {},
): AdmissionRequest {
  return {
    reservationId: `req-${randomUUID()}`,
    walletAccountId,
    amountMicros,
    tokens: 100,
    budgets: [],
    rateLimits: [],
    ...more,
  };
}

export const id = () => randomUUID();
