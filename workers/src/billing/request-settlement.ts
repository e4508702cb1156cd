import {
  costMicros,
  type TokenCounts,
  type UsageEvent,
  type UsageOutcome,
  type WorkRequest,
} from '@alfred/contracts';
import type { Logger } from '@alfred/telemetry';

/** The Redis side: turns a reservation into the actual charge, or gives it all back. */
export interface CreditSettler {
  settle(reservationId: string, costMicros: number, tokens: TokenCounts): Promise<void>;
  release(reservationId: string): Promise<void>;
}

/** The JetStream side: one usage event per request that cost anything, deduplicated by id. */
export interface UsagePublisher {
  publish(event: UsageEvent): Promise<void>;
}

export interface BillingOutlets {
  settler: CreditSettler;
  usage: UsagePublisher;
  log: Logger;
}

/**
 * Settles one request exactly once: `charge` with what the provider reported (or what was
 * delivered, for a cut stream), or `release` when nothing was delivered. Whichever comes
 * first wins; later calls do nothing, so every exit path may call it safely.
 */
export class RequestSettlement {
  readonly #work: WorkRequest;
  readonly #outlets: BillingOutlets | undefined;
  readonly #startedAt = performance.now();
  #deployment = '';
  #settled = false;

  constructor(work: WorkRequest, outlets: BillingOutlets | undefined) {
    this.#work = work;
    this.#outlets = outlets;
  }

  set deployment(id: string) {
    this.#deployment = id;
  }

  /** What these tokens cost at the price the request was admitted with. */
  costOf(tokens: TokenCounts): number {
    return costMicros(tokens, this.#work.billing?.price ?? null);
  }

  /** Estimated prompt tokens, for a stream cut before the provider said how many it read. */
  get estimatedInputTokens(): number {
    return this.#work.billing?.estimatedInputTokens ?? 0;
  }

  /**
   * Charges what the tokens cost, or for an answer served from the cache what the hit
   * billing policy says (`hit.costMicros`, often 0): a hit is recorded in usage even when
   * free, so the savings show in analytics.
   */
  async charge(
    tokens: TokenCounts,
    outcome: UsageOutcome,
    hit?: { cacheStatus: 'hit' | 'semantic'; costMicros: number },
  ): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    const billing = this.#work.billing;
    const outlets = this.#outlets;
    if (!billing || !outlets) return;
    const cost = hit ? hit.costMicros : this.costOf(tokens);
    try {
      // The durable record first: if the process dies after it, the ledger still bills the
      // request and reconciliation corrects Redis; the other way round, a charge could vanish.
      if (cost > 0 || hit) {
        await outlets.usage.publish({
          v: 1,
          requestId: this.#work.id,
          occurredAt: Date.now(),
          orgId: this.#work.caller.orgId,
          teamId: this.#work.caller.teamId,
          userId: null,
          keyId: this.#work.caller.keyId,
          accountId: billing.walletAccountId,
          model: this.#work.model,
          deployment: this.#deployment,
          operation: this.#work.operation,
          tokens,
          costMicros: cost,
          priceId: billing.price?.id ?? null,
          latencyMs: Math.round((performance.now() - this.#startedAt) * 1000) / 1000,
          cacheStatus: hit?.cacheStatus ?? 'miss',
          outcome,
        });
      }
      // Metered only (nothing reserved): the ledger's debit is the whole of the charge.
      if (billing.reservationId !== null) {
        await outlets.settler.settle(billing.reservationId, cost, tokens);
      }
    } catch (error) {
      // An unsettled reservation expires and is released; reconciliation compares Redis with the ledger.
      outlets.log.error({ err: error, requestId: this.#work.id }, 'settlement failed');
    }
  }

  async release(): Promise<void> {
    if (this.#settled) return;
    this.#settled = true;
    const billing = this.#work.billing;
    if (!billing || billing.reservationId === null || !this.#outlets) return;
    try {
      await this.#outlets.settler.release(billing.reservationId);
    } catch (error) {
      this.#outlets.log.error({ err: error, requestId: this.#work.id }, 'release failed');
    }
  }
}
