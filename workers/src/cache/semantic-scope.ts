import type { SemanticEntry } from './semantic-entry-store.ts';
import { VectorIndex } from './vector-index.ts';

/** An entry as a scope keeps it: its vector lives in the index only. */
export type ScopeEntry = Omit<SemanticEntry, 'vector'>;

export interface ScopeMatch {
  entry: ScopeEntry;
  similarity: number;
}

/** Candidates looked at per lookup, for when the nearest are expired or of another variant. */
const candidatesPerLookup = 8;

/**
 * One (org, model) scope's entries in this worker's memory: the vector index and what each
 * indexed vector stands for. Entries are added in stream order; past `maxEntries` the
 * oldest go, as XADD MAXLEN evicts them in Redis, so every worker holds the same set.
 */
export class SemanticScope {
  readonly entriesKey: string;
  readonly answerKeyPrefix: string;
  readonly #maxEntries: number;
  #index: VectorIndex | null = null;
  /** Index id → entry, and stream id → index id in insertion (≈ stream) order. */
  readonly #entries = new Map<number, ScopeEntry>();
  readonly #idOf = new Map<string, number>();
  /** The last stream id read from Redis; reading resumes after it. */
  lastStreamId = '-';
  /** Resolves once the scope has been read from Redis up to when loading began. */
  loading: Promise<void> | null = null;
  syncing: Promise<void> | null = null;
  lastSyncAt = 0;

  constructor(entriesKey: string, answerKeyPrefix: string, maxEntries: number) {
    this.entriesKey = entriesKey;
    this.answerKeyPrefix = answerKeyPrefix;
    this.#maxEntries = maxEntries;
  }

  get size(): number {
    return this.#entries.size;
  }

  /** Adds an entry unless known, expired, or of other dimensions than the scope's. */
  add(entry: SemanticEntry, now = Date.now()): void {
    if (this.#idOf.has(entry.streamId) || entry.expiresAt <= now) return;
    this.#index ??= new VectorIndex({ dimensions: entry.vector.length });
    if (entry.vector.length !== this.#index.dimensions) return;
    const id = this.#index.add(entry.vector);
    const { vector: _indexed, ...kept } = entry;
    this.#entries.set(id, kept);
    this.#idOf.set(entry.streamId, id);
    while (this.#idOf.size > this.#maxEntries) {
      const [oldest] = this.#idOf.keys();
      this.remove(oldest!);
    }
  }

  remove(streamId: string): void {
    const id = this.#idOf.get(streamId);
    if (id === undefined) return;
    this.#idOf.delete(streamId);
    this.#entries.delete(id);
    this.#index?.remove(id);
  }

  /**
   * The most similar live entry of `variant`, whatever its similarity (the caller compares
   * it with the threshold, and measures it either way). Expired entries met are dropped.
   */
  nearest(vector: Float32Array, variant: string, now = Date.now()): ScopeMatch | null {
    if (!this.#index || vector.length !== this.#index.dimensions) return null;
    for (const { id, similarity } of this.#index.search(vector, candidatesPerLookup)) {
      const entry = this.#entries.get(id)!;
      if (entry.expiresAt <= now) this.remove(entry.streamId);
      else if (entry.variant === variant) return { entry, similarity };
    }
    return null;
  }

  /** Drops expired entries from the oldest end (entries mostly expire in insertion order). */
  dropExpired(now = Date.now()): void {
    for (const [streamId, id] of this.#idOf) {
      if (this.#entries.get(id)!.expiresAt > now) break;
      this.remove(streamId);
    }
  }
}
