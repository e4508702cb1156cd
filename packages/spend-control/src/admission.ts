import type { BudgetRef } from './budget-period.ts';
import type { RateLimitScope, RateLimitUnit } from './spend-keys.ts';

/** Requests and/or tokens per minute allowed to one key or one team (null or absent: none). */
export interface RateLimitRule {
  scope: RateLimitScope;
  id: string;
  rpm?: number | null;
  tpm?: number | null;
}

export interface AdmissionRequest {
  /** The request id: settlement, the usage event and PostgreSQL's usage record share it. */
  reservationId: string;
  /** The wallet charged (accounts.id). */
  walletAccountId: string;
  /** Worst-case cost: estimated prompt tokens plus max output tokens at the model's price. */
  amountMicros: number;
  /** Worst-case tokens (estimated prompt plus max output), counted against tokens per minute. */
  tokens: number;
  /** Every budget above the key: key, team, parent teams, org, per period. */
  budgets: readonly BudgetRef[];
  rateLimits: readonly RateLimitRule[];
}

/** What refused a request, for logs and metrics (the client sees `message`). */
export type RejectionSource =
  | { kind: 'wallet'; accountId: string }
  | { kind: 'budget'; budget: BudgetRef; periodKey: string }
  | { kind: 'rate_limit'; scope: RateLimitScope; id: string; unit: RateLimitUnit };

export interface Admitted {
  admitted: true;
  reservationId: string;
  /** OpenAI's x-ratelimit-* headers (of the tightest limit) to put on the response. */
  headers: Record<string, string>;
  /** True when this id already held a reservation (a retried admission holds nothing twice). */
  duplicate: boolean;
  /** True when admitted by FailOpenAdmission's local cap while Redis was unreachable. */
  failOpen: boolean;
}

/** An OpenAI-shaped 429: `{ error: { message, type, code } }` plus `headers`. */
export interface Rejected {
  admitted: false;
  status: 429;
  code: 'insufficient_quota' | 'rate_limit_exceeded';
  /** OpenAI's error type: 'insufficient_quota', or the unit of the limit hit. */
  type: 'insufficient_quota' | RateLimitUnit;
  message: string;
  /** Absent when waiting cannot help (no money, or a request larger than a whole minute's tokens). */
  retryAfterSeconds?: number;
  rejectedBy: RejectionSource;
  headers: Record<string, string>;
}

export type Admission = Admitted | Rejected;

export interface ActualUsage {
  costMicros: number;
  /** Actual tokens; tokens-per-minute buckets are corrected to it. Omit to keep the worst case. */
  tokens?: number;
}

export type SettleResult =
  | { status: 'settled'; reservedMicros: number; chargedMicros: number }
  /** The sweeper had released it already; the actual cost is charged all the same. */
  | { status: 'settled_after_expiry'; reservedMicros: 0; chargedMicros: number }
  /** No reservation is held under the id: settled or released before, or never admitted. */
  | { status: 'already_settled' };
