import type { FailureClassification } from './failure-classification.ts';

export interface BackoffPolicy {
  /** Ceiling of the first retry's delay; it doubles with each further attempt. */
  baseMs: number;
  /** No computed delay exceeds this. */
  maxMs: number;
  /** Attempts per request in all, the first one included, across every deployment. */
  maxAttempts: number;
  /** A Retry-After longer than this is not waited for: the request fails over instead. */
  maxRetryAfterMs: number;
  /** A number in [0, 1); injected by tests. */
  random: () => number;
}

export const defaultBackoffPolicy: BackoffPolicy = {
  baseMs: 200,
  maxMs: 8_000,
  maxAttempts: 3,
  maxRetryAfterMs: 10_000,
  random: Math.random,
};

/**
 * What to do after a failed attempt.
 * - `retry`: wait `delayMs`, then try again. The wait is for retrying the same deployment;
 *   a different, available deployment may be tried at once.
 * - `fail_over`: do not wait for this deployment; try another now, or give up if none.
 * - `give_up`: answer the client with the failure.
 */
export type RetryDecision =
  | { action: 'retry'; delayMs: number }
  | { action: 'fail_over' }
  | { action: 'give_up'; reason: 'not_retryable' | 'attempts_exhausted' };

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And
 * Jitter"): the delay is uniform in [0, min(max, base * 2^(attempt-1))). Spreading retries
 * over the whole range keeps workers that failed together from retrying together.
 */
export class RetryBackoff {
  readonly #policy: BackoffPolicy;

  constructor(policy: Partial<BackoffPolicy> = {}) {
    this.#policy = { ...defaultBackoffPolicy, ...policy };
  }

  get maxAttempts(): number {
    return this.#policy.maxAttempts;
  }

  /**
   * @param attempt attempts made so far, the failed one included (1 after the first).
   * @param remainingMs time left before the request's deadline; a wait that would not end
   *   before it is pointless, so the caller is told to fail over instead.
   */
  delayBeforeRetry(
    attempt: number,
    failure: FailureClassification,
    remainingMs = Number.POSITIVE_INFINITY,
  ): RetryDecision {
    if (!failure.retryable) return { action: 'give_up', reason: 'not_retryable' };
    if (attempt >= this.#policy.maxAttempts) {
      return { action: 'give_up', reason: 'attempts_exhausted' };
    }
    if (failure.failOverOnly) return { action: 'fail_over' };
    // The provider's own wait beats our guess: retrying sooner only earns another 429.
    const delayMs = failure.retryAfterMs ?? this.jitteredDelayMs(attempt);
    if (failure.retryAfterMs !== undefined && delayMs > this.#policy.maxRetryAfterMs) {
      return { action: 'fail_over' };
    }
    if (delayMs >= remainingMs) return { action: 'fail_over' };
    return { action: 'retry', delayMs };
  }

  /** Full-jitter delay before the retry that follows `attempt` attempts. */
  jitteredDelayMs(attempt: number): number {
    const { baseMs, maxMs, random } = this.#policy;
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.floor(random() * ceiling);
  }
}
