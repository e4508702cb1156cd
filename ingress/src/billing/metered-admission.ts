import type { PriceBook } from './price-book.ts';
import { walletToCharge, type Admission } from './request-admission.ts';
import type { SpendingProfiles } from './spending-profiles.ts';

/**
 * INGRESS_CREDITS=meter: every request is priced and its usage recorded and debited by the
 * ledger, as with credits on, but nothing is reserved, limited or refused for want of
 * credits (a wallet may go below its floor). For watching what teams would spend before
 * enforcing budgets, and for a deployment without Redis. No Redis call on the request path.
 */
export class MeteredAdmission implements Admission {
  readonly #prices: PriceBook;
  readonly #profiles: SpendingProfiles;

  constructor(prices: PriceBook, profiles: SpendingProfiles) {
    this.#prices = prices;
    this.#profiles = profiles;
  }

  readonly admit: Admission['admit'] = async (_requestId, key, entry, worstCaseAt) => {
    const price = this.#prices.priceFor(entry.name);
    const worst = worstCaseAt(price);
    const walletAccountId = walletToCharge(await this.#profiles.profileOf(key));
    return {
      headers: {},
      billing: {
        reservationId: null,
        walletAccountId,
        price,
        reservedMicros: 0,
        estimatedInputTokens: worst.inputTokens,
      },
    };
  };

  /** Nothing was reserved. */
  async release(): Promise<void> {}
}
