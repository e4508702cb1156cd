import type { BudgetRef } from './budget-period.ts';

export type RateLimitScope = 'key' | 'team';
export type RateLimitUnit = 'requests' | 'tokens';

/**
 * Names of every Redis key spend control uses. All of them start with the hash tag
 * `{prefix}:` so that a Redis Cluster keeps them in one slot: a script touches a wallet,
 * budgets and buckets at once, and settlement reaches keys named inside a reservation.
 */
export class SpendKeys {
  readonly #tag: string;

  constructor(prefix: string) {
    if (/[{}]/.test(prefix)) throw new Error(`the key prefix must not contain braces: ${prefix}`);
    this.#tag = `{${prefix}}:`;
  }

  /** Hash {balance, floor, reserved, version}. */
  wallet(accountId: string): string {
    return `${this.#tag}wallet:${accountId}`;
  }

  /** Hash request id → cost settled in Redis and not yet seen posted in PostgreSQL. */
  walletUnposted(accountId: string): string {
    // The scripts derive it the same way from the wallet key a reservation names.
    return `${this.wallet(accountId)}:unposted`;
  }

  /** Hash {limit, spent, reserved} of one budget in one period. */
  budget(budget: BudgetRef, periodKey: string): string {
    return `${this.#tag}budget:${budget.scope}:${budget.scopeId}:${budget.period}:${periodKey}`;
  }

  /** String "<level> <measured at, µs>": one leaky bucket of requests or tokens per minute. */
  rateLimit(scope: RateLimitScope, id: string, unit: RateLimitUnit): string {
    return `${this.#tag}rate:${scope}:${id}:${unit}`;
  }

  /** Prefix of reservation hashes; the expiry sweep builds their keys from it. */
  get reservationPrefix(): string {
    return `${this.#tag}resv:`;
  }

  reservation(reservationId: string): string {
    return `${this.reservationPrefix}${reservationId}`;
  }

  /** Sorted set: reservation id scored by the time (ms) it expires. */
  get reservationExpiry(): string {
    return `${this.#tag}resv-expiry`;
  }

  /** Pattern matching every key under this prefix (for tests and tools). */
  get pattern(): string {
    return `${this.#tag}*`;
  }
}
