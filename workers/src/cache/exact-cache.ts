import type { ChatCompletionRequest, ChatCompletionResponse } from '@alfred/contracts';
import type { Redis } from 'ioredis';
import { CacheKeys } from './cache-keys.ts';
import type { CacheLookupResult, CacheMetrics } from './cache-metrics.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import {
  decodeAnswer,
  encodeAnswer,
  isCacheableAnswer,
  type CachedAnswer,
} from './stored-answer.ts';

export interface ExactCacheOptions {
  /** Key prefix; default 'alfred'. */
  prefix?: string;
  /** Answers whose stored form is larger are not cached. Default 256 KiB. */
  maxEntryBytes?: number;
  metrics?: CacheMetrics;
}

/**
 * Answers to requests identical after normalisation (see request-fingerprint.ts), per org:
 * one GET per lookup and one SET with an expiry per answer. It fails open: a Redis error
 * is a miss on lookup and a skipped write on store, never a failed request.
 */
export class ExactCache {
  readonly #redis: Redis;
  readonly #keys: CacheKeys;
  readonly #maxEntryBytes: number;
  readonly #metrics: CacheMetrics | undefined;

  constructor(redis: Redis, options: ExactCacheOptions = {}) {
    this.#redis = redis;
    this.#keys = new CacheKeys(options.prefix);
    this.#maxEntryBytes = options.maxEntryBytes ?? 262_144;
    this.#metrics = options.metrics;
  }

  /** The Redis key of a request's answer, for callers that log or delete it. */
  keyOf(orgId: string, request: ChatCompletionRequest): string {
    return this.#keys.exact(orgId, requestFingerprint(request));
  }

  async get(orgId: string, request: ChatCompletionRequest): Promise<CachedAnswer | null> {
    let stored: Buffer | null;
    try {
      stored = await this.#redis.getBuffer(this.keyOf(orgId, request));
    } catch {
      this.#count('error');
      return null;
    }
    if (stored === null) {
      this.#count('miss');
      return null;
    }
    try {
      const answer = decodeAnswer(stored);
      this.#count('hit');
      return answer;
    } catch {
      // Written by a future version, or damaged: a miss, overwritten by the next answer.
      this.#count('error');
      return null;
    }
  }

  /**
   * Stores a finished answer for `ttlSeconds`; resolves false when it was not stored (not
   * a finished answer, too large, or Redis failed). Never rejects: callers need not await it.
   */
  async put(
    orgId: string,
    request: ChatCompletionRequest,
    response: ChatCompletionResponse,
    ttlSeconds: number,
  ): Promise<boolean> {
    if (!isCacheableAnswer(response)) return false;
    const stored = encodeAnswer({ response, storedAt: Date.now() });
    if (stored.length > this.#maxEntryBytes) return false;
    try {
      await this.#redis.set(
        this.keyOf(orgId, request),
        stored,
        'PX',
        Math.round(ttlSeconds * 1000),
      );
      return true;
    } catch {
      return false;
    }
  }

  #count(result: CacheLookupResult): void {
    this.#metrics?.lookups.inc({ layer: 'exact', result });
  }
}
