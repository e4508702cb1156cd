import type {
  ChatCompletionRequest,
  ChatCompletionResponse,
  SemanticCacheConfig,
} from '@alfred/contracts';
import type { Redis } from 'ioredis';
import { answersAgree } from './answer-agreement.ts';
import { CacheKeys } from './cache-keys.ts';
import type { CacheLookupResult, CacheMetrics } from './cache-metrics.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import { SemanticEntryStore } from './semantic-entry-store.ts';
import { SemanticScope } from './semantic-scope.ts';
import { semanticKeyOf, type SemanticKey } from './semantic-text.ts';
import {
  decodeAnswer,
  encodeAnswer,
  isCacheableAnswer,
  type CachedAnswer,
} from './stored-answer.ts';
import { normalizeInPlace } from './vector-math.ts';

/** Embeds a text with the configured embeddings deployment. */
export type EmbedText = (text: string, signal: AbortSignal) => Promise<Float32Array>;

export interface SemanticCacheOptions extends Omit<SemanticCacheConfig, 'embeddingsModel'> {
  /** Names the scope's keys: entries embedded by another model are never compared. */
  embeddingsModel: string;
  embed: EmbedText;
  /** Key prefix; default 'alfred'. */
  prefix?: string;
  metrics?: CacheMetrics;
  /** How stale a scope may get before a lookup reads other workers' additions. Default 500 ms. */
  syncIntervalMs?: number;
  /** Conversations longer than this are not embedded. Default 8,000 characters. */
  maxEmbeddedChars?: number;
  /** Scopes held in memory, least recently used dropped first. Default 256. */
  maxScopes?: number;
  /** Answers larger than this (stored form, bytes) are not cached. Default 256 KiB. */
  maxEntryBytes?: number;
}

export interface SemanticHit {
  similarity: number;
  answer: CachedAnswer;
  /** False in shadow mode: the caller asks the provider and calls recordShadowOutcome. */
  served: boolean;
}

const readBatch = 256;

/**
 * Answers for requests that mean the same as one already answered, per (org, model): the
 * conversation is embedded (semantic-text.ts), the nearest cached entry of the same
 * variant is found in this worker's index of the scope, and its answer is served when the
 * cosine similarity reaches the threshold. Entries are shared through Redis
 * (semantic-entry-store.ts); each worker loads a scope on its first lookup and then, at most
 * every `syncIntervalMs`, reads what other workers added, without making a lookup wait for it.
 * Every failure (embeddings deployment, Redis, timeout) is a miss.
 */
export class SemanticCache {
  readonly #options: SemanticCacheOptions;
  readonly #store: SemanticEntryStore;
  readonly #keys: CacheKeys;
  readonly #scopes = new Map<string, SemanticScope>();
  /** A lookup's embedding, reused by the put of the answer to the same request. */
  readonly #vectors = new WeakMap<ChatCompletionRequest, Float32Array>();

  constructor(redis: Redis, options: SemanticCacheOptions) {
    this.#options = options;
    this.#store = new SemanticEntryStore(redis);
    this.#keys = new CacheKeys(options.prefix);
  }

  get mode(): SemanticCacheOptions['mode'] {
    return this.#options.mode;
  }

  async lookup(
    orgId: string,
    request: ChatCompletionRequest,
    signal: AbortSignal,
  ): Promise<SemanticHit | null> {
    if (this.mode === 'off') return null;
    const key = this.#keyOf(request);
    if (!key) return this.#counted('skipped', null);
    const scope = this.#scope(orgId, request.model);
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(this.#options.lookupTimeoutMs)]);
    let vector: Float32Array;
    try {
      [vector] = await untilAborted(
        Promise.all([this.#embed(request, key, deadline), this.#loaded(scope)]),
        deadline,
      );
    } catch {
      return this.#counted('error', null);
    }
    this.#syncIfStale(scope);
    const match = scope.nearest(vector, key.variant);
    if (match) this.#options.metrics?.similarity.observe(match.similarity);
    if (!match || match.similarity < this.#options.threshold) return this.#counted('miss', null);
    let answer: CachedAnswer | null;
    try {
      const stored = await untilAborted(
        this.#store.answer(scope.answerKeyPrefix + match.entry.answerFingerprint),
        deadline,
      );
      answer = stored && decodeAnswer(stored);
    } catch {
      return this.#counted('error', null);
    }
    if (!answer) {
      scope.remove(match.entry.streamId);
      return this.#counted('miss', null);
    }
    const served = this.mode === 'on';
    if (!served) this.#options.metrics?.shadowHits.inc();
    return this.#counted(served ? 'hit' : 'shadow_hit', {
      similarity: match.similarity,
      answer,
      served,
    });
  }

  /**
   * Stores a finished answer, in shadow mode too (shadow mode measures what `on` would
   * serve). Resolves false when it was not stored; never rejects.
   */
  async put(
    orgId: string,
    request: ChatCompletionRequest,
    response: ChatCompletionResponse,
    ttlSeconds = this.#options.ttlSeconds,
    signal: AbortSignal = AbortSignal.timeout(this.#options.lookupTimeoutMs * 4),
  ): Promise<boolean> {
    if (this.mode === 'off' || !isCacheableAnswer(response)) return false;
    const key = this.#keyOf(request);
    if (!key) return false;
    try {
      const vector = await this.#embed(request, key, signal);
      const answer = encodeAnswer({ response, storedAt: Date.now() });
      if (answer.length > (this.#options.maxEntryBytes ?? 262_144)) return false;
      const scope = this.#scope(orgId, request.model);
      const fingerprint = requestFingerprint(request);
      const entry = {
        vector,
        variant: key.variant,
        answerFingerprint: fingerprint,
        expiresAt: Date.now() + ttlSeconds * 1000,
      };
      const streamId = await this.#store.append(scope.entriesKey, {
        ...entry,
        answerKey: scope.answerKeyPrefix + fingerprint,
        answer,
        maxEntries: this.#options.maxEntriesPerScope,
      });
      // A scope not loaded yet will read this entry when it loads.
      if (scope.loading) scope.add({ ...entry, streamId });
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Shadow mode: compares the answer a would-be hit would have served with the provider's
   * fresh answer, and counts a false hit when they disagree. Returns whether they agreed.
   */
  recordShadowOutcome(hit: SemanticHit, fresh: ChatCompletionResponse): boolean {
    const agreed = answersAgree(hit.answer.response, fresh);
    if (!agreed) this.#options.metrics?.shadowFalseHits.inc();
    return agreed;
  }

  #keyOf(request: ChatCompletionRequest): SemanticKey | null {
    return semanticKeyOf(request, this.#options.maxEmbeddedChars ?? 8000);
  }

  async #embed(request: ChatCompletionRequest, key: SemanticKey, signal: AbortSignal) {
    const known = this.#vectors.get(request);
    if (known) return known;
    const vector = normalizeInPlace(Float32Array.from(await this.#options.embed(key.text, signal)));
    this.#vectors.set(request, vector);
    return vector;
  }

  #scope(orgId: string, model: string): SemanticScope {
    const name = this.#keys.semanticScope(orgId, model, this.#options.embeddingsModel);
    let scope = this.#scopes.get(name);
    if (scope) {
      this.#scopes.delete(name); // re-inserted last: the Map's order is recency
    } else {
      scope = new SemanticScope(
        this.#keys.semanticEntries(name),
        this.#keys.semanticAnswer(name, ''),
        this.#options.maxEntriesPerScope,
      );
      const [leastRecent] = this.#scopes.keys();
      if (leastRecent && this.#scopes.size >= (this.#options.maxScopes ?? 256)) {
        this.#scopes.delete(leastRecent);
      }
    }
    this.#scopes.set(name, scope);
    return scope;
  }

  #loaded(scope: SemanticScope): Promise<void> {
    if (!scope.loading) {
      scope.loading = this.#sync(scope);
      // A failed load is retried by the next lookup.
      scope.loading.catch(() => (scope.loading = null));
    }
    return scope.loading;
  }

  #syncIfStale(scope: SemanticScope): void {
    const interval = this.#options.syncIntervalMs ?? 500;
    if (scope.syncing || Date.now() - scope.lastSyncAt < interval) return;
    scope.syncing = this.#sync(scope)
      .catch(() => {})
      .finally(() => (scope.syncing = null));
  }

  /** Reads the scope's stream from the last id seen to its end, in batches. */
  async #sync(scope: SemanticScope): Promise<void> {
    scope.lastSyncAt = Date.now();
    for (;;) {
      const entries = await this.#store.readAfter(scope.entriesKey, scope.lastStreamId, readBatch);
      const now = Date.now();
      for (const entry of entries) {
        scope.add(entry, now);
        scope.lastStreamId = entry.streamId;
      }
      if (entries.length < readBatch) break;
    }
    scope.dropExpired();
  }

  #counted<T>(result: CacheLookupResult, value: T): T {
    this.#options.metrics?.lookups.inc({ layer: 'semantic', result });
    return value;
  }
}

/** The promise, or a rejection as soon as `signal` aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}
