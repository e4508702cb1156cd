import type { RateLimitScope, RateLimitUnit } from './spend-keys.ts';

/** One rate-limit bucket as the admit script reports it. */
export interface BucketState {
  scope: RateLimitScope;
  id: string;
  unit: RateLimitUnit;
  limit: number;
  remaining: number;
  /** Milliseconds until the bucket is empty again. */
  resetMs: number;
}

/**
 * OpenAI's headers, per unit, for the tightest bucket (fewest remaining; the later reset
 * on a tie): x-ratelimit-{limit,remaining,reset}-{requests,tokens}. A unit with no limit
 * configured gets no headers.
 */
export function rateLimitHeaders(buckets: readonly BucketState[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const unit of ['requests', 'tokens'] as const) {
    let tightest: BucketState | undefined;
    for (const bucket of buckets) {
      if (bucket.unit !== unit) continue;
      if (
        !tightest ||
        bucket.remaining < tightest.remaining ||
        (bucket.remaining === tightest.remaining && bucket.resetMs > tightest.resetMs)
      ) {
        tightest = bucket;
      }
    }
    if (!tightest) continue;
    headers[`x-ratelimit-limit-${unit}`] = String(tightest.limit);
    headers[`x-ratelimit-remaining-${unit}`] = String(tightest.remaining);
    headers[`x-ratelimit-reset-${unit}`] = formatDuration(tightest.resetMs);
  }
  return headers;
}

/** Durations the way OpenAI writes them (Go's style): "0s", "120ms", "8.64s", "6m0s", "1h0m0s". */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole === 0) return '0s';
  if (whole < 1000) return `${whole}ms`;
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = `${Number(((whole % 60_000) / 1000).toFixed(3))}s`;
  if (hours > 0) return `${hours}h${minutes}m${seconds}`;
  if (minutes > 0) return `${minutes}m${seconds}`;
  return seconds;
}

/** Retry-After is whole seconds, rounded up so that a client waiting that long gets in. */
export function retryAfterHeaders(waitMs: number): Record<string, string> {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return { 'retry-after': String(seconds), 'retry-after-ms': String(Math.ceil(waitMs)) };
}
