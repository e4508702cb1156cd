import { Counter, Histogram, type Registry } from 'prom-client';

export type CacheLayer = 'exact' | 'semantic';
/**
 * `shadow_hit`: a semantic hit in shadow mode, not served. `skipped`: a request the semantic
 * cache does not handle (images, audio, a prompt too long to embed). `error`: Redis or the
 * embeddings deployment failed or was too slow, and the lookup counted as a miss.
 */
export type CacheLookupResult = 'hit' | 'miss' | 'shadow_hit' | 'skipped' | 'error';

export interface CacheMetrics {
  lookups: Counter<'layer' | 'result'>;
  shadowHits: Counter;
  shadowFalseHits: Counter;
  /** Best similarity found per semantic lookup (hit or not), to choose a threshold from. */
  similarity: Histogram;
}

export function createCacheMetrics(registry: Registry): CacheMetrics {
  return {
    lookups: new Counter({
      name: 'alfred_cache_lookups_total',
      help: 'Response cache lookups by layer (exact, semantic) and result.',
      labelNames: ['layer', 'result'],
      registers: [registry],
    }),
    shadowHits: new Counter({
      name: 'alfred_semantic_cache_shadow_hits_total',
      help: 'Semantic cache hits in shadow mode: answers that would have been served from the cache.',
      registers: [registry],
    }),
    shadowFalseHits: new Counter({
      name: 'alfred_semantic_cache_shadow_false_hits_total',
      help: 'Shadow hits whose cached answer disagreed with the fresh one from the provider.',
      registers: [registry],
    }),
    similarity: new Histogram({
      name: 'alfred_semantic_cache_similarity',
      help: 'Cosine similarity of the nearest cached entry per semantic lookup.',
      buckets: [0.5, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.97, 0.98, 0.99, 1],
      registers: [registry],
    }),
  };
}
