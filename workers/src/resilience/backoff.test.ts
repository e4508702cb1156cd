import { describe, expect, it } from 'vitest';
import { RetryBackoff } from './backoff.ts';
import type { FailureClassification } from './failure-classification.ts';

const serverError: FailureClassification = {
  kind: 'server_error',
  retryable: true,
  countsAgainstDeployment: true,
  failOverOnly: false,
};
const rateLimited = (retryAfterMs?: number): FailureClassification => ({
  kind: 'rate_limited',
  retryable: true,
  countsAgainstDeployment: false,
  failOverOnly: false,
  ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
});

describe('RetryBackoff', () => {
  it('doubles the ceiling with each attempt and draws the delay uniformly below it', () => {
    const highest = new RetryBackoff({ baseMs: 100, maxMs: 10_000, random: () => 0.999 });
    expect([1, 2, 3, 4].map((attempt) => highest.jitteredDelayMs(attempt))).toEqual([
      99, 199, 399, 799,
    ]);
    const middle = new RetryBackoff({ baseMs: 100, maxMs: 10_000, random: () => 0.5 });
    expect(middle.jitteredDelayMs(3)).toBe(200);
    const lowest = new RetryBackoff({ baseMs: 100, random: () => 0 });
    expect(lowest.jitteredDelayMs(5)).toBe(0);
  });

  it('caps the ceiling at maxMs however many attempts were made', () => {
    const backoff = new RetryBackoff({ baseMs: 100, maxMs: 1_000, random: () => 0.999 });
    expect(backoff.jitteredDelayMs(30)).toBe(999);
  });

  it('retries a retryable failure after the jittered delay', () => {
    const backoff = new RetryBackoff({ baseMs: 100, maxAttempts: 3, random: () => 0.5 });
    expect(backoff.delayBeforeRetry(1, serverError)).toEqual({ action: 'retry', delayMs: 50 });
    expect(backoff.delayBeforeRetry(2, serverError)).toEqual({ action: 'retry', delayMs: 100 });
  });

  it('gives up once the attempts are spent, or at once on a failure no retry can fix', () => {
    const backoff = new RetryBackoff({ maxAttempts: 3 });
    expect(backoff.delayBeforeRetry(3, serverError)).toEqual({
      action: 'give_up',
      reason: 'attempts_exhausted',
    });
    const clientError = { ...serverError, kind: 'client_error', retryable: false } as const;
    expect(backoff.delayBeforeRetry(1, clientError)).toEqual({
      action: 'give_up',
      reason: 'not_retryable',
    });
  });

  it("waits exactly as long as the provider's Retry-After asks", () => {
    const backoff = new RetryBackoff({ baseMs: 100, random: () => 0.999 });
    expect(backoff.delayBeforeRetry(1, rateLimited(3_000))).toEqual({
      action: 'retry',
      delayMs: 3_000,
    });
  });

  it('fails over instead of waiting out a Retry-After longer than the longest wait', () => {
    const backoff = new RetryBackoff({ maxRetryAfterMs: 5_000 });
    expect(backoff.delayBeforeRetry(1, rateLimited(5_001))).toEqual({ action: 'fail_over' });
    expect(backoff.delayBeforeRetry(1, rateLimited(5_000))).toEqual({
      action: 'retry',
      delayMs: 5_000,
    });
  });

  it('fails over when the wait would outlast the request deadline', () => {
    const backoff = new RetryBackoff({ random: () => 0.5, baseMs: 1_000 });
    expect(backoff.delayBeforeRetry(1, rateLimited(2_000), 1_500)).toEqual({
      action: 'fail_over',
    });
    expect(backoff.delayBeforeRetry(1, serverError, 400)).toEqual({ action: 'fail_over' });
    expect(backoff.delayBeforeRetry(1, serverError, 600)).toEqual({
      action: 'retry',
      delayMs: 500,
    });
  });

  it('fails over at once when only another deployment can succeed', () => {
    const misconfigured = { ...serverError, kind: 'misconfigured', failOverOnly: true } as const;
    expect(new RetryBackoff().delayBeforeRetry(1, misconfigured)).toEqual({
      action: 'fail_over',
    });
  });
});
