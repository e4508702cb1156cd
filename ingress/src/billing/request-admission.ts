import { GatewayError, type Billing, type ModelPrice } from '@alfred/contracts';
import type { ApiKeyRecord, SpendingProfile } from '@alfred/database';
import {
  FailOpenAdmission,
  SpendControlUnavailableError,
  type SpendControl,
} from '@alfred/spend-control';
import type { CatalogEntry } from '../models/model-catalog.ts';
import type { PriceBook } from './price-book.ts';
import type { SpendingProfiles } from './spending-profiles.ts';
import type { WorstCase } from './worst-case-cost.ts';

/** The wallet a key's requests are charged to; a 429 when its organization has none. */
export function walletToCharge(profile: SpendingProfile): string {
  if (profile.walletAccountId) return profile.walletAccountId;
  throw new GatewayError({
    status: 429,
    type: 'insufficient_quota',
    code: 'insufficient_quota',
    message:
      'This organization has no wallet to pay for requests. Ask an administrator to create one.',
  });
}

/** What the routes ask of admission, with credits on or only metered. */
export interface Admission {
  admit(
    requestId: string,
    key: ApiKeyRecord,
    entry: CatalogEntry,
    worstCaseAt: (price: ModelPrice | null) => WorstCase,
  ): Promise<AdmittedRequest>;
  /** Gives a reservation back whole: the request never reached a worker. */
  release(reservationId: string): Promise<void>;
}

export interface AdmittedRequest {
  billing: Billing;
  /** OpenAI's x-ratelimit-* headers for the response. */
  headers: Record<string, string>;
}

/**
 * Before a request reaches a worker: reserve its worst-case cost on the key's wallet and
 * every budget above it, and count it in every rate limit, in one Redis call. Refusals are
 * OpenAI's 429s; Redis being unreachable is a 503, never a free pass (fail-closed).
 */
export class RequestAdmission implements Admission {
  readonly #spend: SpendControl;
  readonly #prices: PriceBook;
  readonly #profiles: SpendingProfiles;
  /** One local cap per model that may fail open, shared by its requests in this process. */
  readonly #failOpen = new Map<string, FailOpenAdmission>();

  constructor(spend: SpendControl, prices: PriceBook, profiles: SpendingProfiles) {
    this.#spend = spend;
    this.#prices = prices;
    this.#profiles = profiles;
  }

  #admitterFor(entry: CatalogEntry): Pick<SpendControl, 'admit'> {
    const policy = entry.whenRedisIsDown;
    if (policy.mode === 'refuse') return this.#spend;
    let admitter = this.#failOpen.get(entry.name);
    if (!admitter) {
      admitter = new FailOpenAdmission(this.#spend, {
        maxRequestsPerMinute: policy.maxRequestsPerMinute,
        maxCostMicrosPerMinute: policy.maxCostMicrosPerMinute,
      });
      this.#failOpen.set(entry.name, admitter);
    }
    return admitter;
  }

  /** Gives a reservation back whole: the request never reached a worker. */
  async release(reservationId: string): Promise<void> {
    await this.#spend.release(reservationId).catch(() => {
      // Unreachable Redis: the reservation expires and is released by the sweeper.
    });
  }

  async admit(
    requestId: string,
    key: ApiKeyRecord,
    entry: CatalogEntry,
    worstCaseAt: (price: ModelPrice | null) => WorstCase,
  ): Promise<AdmittedRequest> {
    // One price for the reservation and for the worker's charge: the one in force now.
    const price = this.#prices.priceFor(entry.name);
    const worst = worstCaseAt(price);
    const profile = await this.#profiles.profileOf(key);
    const walletAccountId = walletToCharge(profile);
    let admission;
    try {
      admission = await this.#admitterFor(entry).admit({
        reservationId: requestId,
        walletAccountId,
        amountMicros: worst.costMicros,
        tokens: worst.inputTokens + worst.outputTokens,
        // The cached profile's own arrays: SpendControl plans their keys once per array.
        budgets: profile.budgets,
        rateLimits: profile.rateLimits,
      });
    } catch (error) {
      if (error instanceof SpendControlUnavailableError) {
        throw new GatewayError({
          status: 503,
          type: 'service_unavailable',
          code: 'billing_unavailable',
          message:
            'Credits cannot be checked right now, so the request was not sent. Try again shortly.',
          headers: { 'retry-after': '1' },
        });
      }
      throw error;
    }
    if (!admission.admitted) {
      throw new GatewayError({
        status: 429,
        type: admission.type,
        code: admission.code,
        message: admission.message,
        headers: {
          ...admission.headers,
          ...(admission.retryAfterSeconds !== undefined
            ? { 'retry-after': String(admission.retryAfterSeconds) }
            : {}),
        },
      });
    }
    return {
      headers: admission.headers,
      billing: {
        reservationId: requestId,
        walletAccountId,
        price,
        reservedMicros: worst.costMicros,
        estimatedInputTokens: worst.inputTokens,
      },
    };
  }
}
