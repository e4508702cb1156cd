import { MAX_CACHE_TTL_SECONDS, type CacheDirective } from '../config/cache-config.ts';
import { gatewayErrors } from '../openai/error.ts';

/** Request headers as Node gives them: lower-case names, repeated headers as arrays. */
export type RequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export const cacheHeaders = {
  /** HIT (exact), SEMANTIC, or MISS; absent when the cache was not consulted. */
  status: 'x-alfred-cache',
  /** Cosine similarity of a semantic hit, e.g. `0.9731`. */
  similarity: 'x-alfred-cache-similarity',
  ttl: 'x-alfred-cache-ttl',
} as const;

/**
 * The caller's cache controls. `Cache-Control: no-cache` means "do not answer me from the
 * cache" (the fresh answer may still be stored, as HTTP caches do); `no-store` means the
 * cache must neither answer nor keep this exchange. Other directives are ignored.
 * `x-alfred-cache-ttl: <seconds>` sets how long this answer is kept, 1 s to 30 days;
 * anything else is a 400 naming the header, rather than a silently ignored wish.
 */
export function cacheDirectiveFrom(
  headers: RequestHeaders,
  maxTtlSeconds = MAX_CACHE_TTL_SECONDS,
): CacheDirective {
  const directives = new Set(
    joined(headers['cache-control'])
      .split(',')
      .map((d) => d.trim().toLowerCase()),
  );
  const noStore = directives.has('no-store');
  const directive: CacheDirective = {
    read: !noStore && !directives.has('no-cache'),
    write: !noStore,
  };
  const ttl = headers[cacheHeaders.ttl];
  if (ttl !== undefined) directive.ttlSeconds = parseTtl(ttl, maxTtlSeconds);
  return directive;
}

function joined(value: string | readonly string[] | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : value.join(',');
}

function parseTtl(value: string | readonly string[], maxTtlSeconds: number): number {
  const text = typeof value === 'string' ? value.trim() : '';
  const seconds = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 1 && seconds <= maxTtlSeconds)) {
    throw gatewayErrors.invalidRequest(
      `${cacheHeaders.ttl} must be a whole number of seconds from 1 to ${maxTtlSeconds}.`,
      cacheHeaders.ttl,
      'invalid_cache_ttl',
    );
  }
  return seconds;
}
