import type { Rejected } from './admission.ts';

/** The part of a prom-client Counter spend control uses; a real Counter fits as is. */
export interface CounterLike {
  inc(labels: Record<string, string>, value?: number): void;
}

/**
 * Optional prom-client counters, e.g.
 *   rejections: new Counter({ name: 'alfred_spend_rejections_total', labelNames: ['code', 'by'] })
 *   expiries: new Counter({ name: 'alfred_spend_reservation_expiries_total' })
 */
export interface SpendControlCounters {
  /** Labels: code ('insufficient_quota' | 'rate_limit_exceeded'), by ('wallet', 'budget:team', 'rate_limit:key', ...). */
  rejections?: CounterLike;
  /** Reservations released because they expired unsettled. */
  expiries?: CounterLike;
}

/** Counts this process saw, readable without prom-client. */
export interface SpendControlCounts {
  admitted: number;
  rejectedInsufficientQuota: number;
  rejectedRateLimit: number;
  seededKeys: number;
  expiredReservations: number;
}

export class SpendControlMetrics {
  readonly counts: SpendControlCounts = {
    admitted: 0,
    rejectedInsufficientQuota: 0,
    rejectedRateLimit: 0,
    seededKeys: 0,
    expiredReservations: 0,
  };
  readonly #counters: SpendControlCounters;

  constructor(counters: SpendControlCounters = {}) {
    this.#counters = counters;
  }

  admitted(): void {
    this.counts.admitted += 1;
  }

  rejected(rejection: Rejected): void {
    if (rejection.code === 'insufficient_quota') this.counts.rejectedInsufficientQuota += 1;
    else this.counts.rejectedRateLimit += 1;
    const source = rejection.rejectedBy;
    const by =
      source.kind === 'wallet'
        ? 'wallet'
        : source.kind === 'budget'
          ? `budget:${source.budget.scope}`
          : `rate_limit:${source.scope}`;
    this.#counters.rejections?.inc({ code: rejection.code, by });
  }

  seeded(keys: number): void {
    this.counts.seededKeys += keys;
  }

  expired(reservations: number): void {
    this.counts.expiredReservations += reservations;
    if (reservations > 0) this.#counters.expiries?.inc({}, reservations);
  }
}
