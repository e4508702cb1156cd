import { z } from 'zod';

/**
 * Response caching settings, globally or per model in the gateway configuration. The exact
 * cache answers a request identical (after normalisation) to one already answered; the
 * semantic cache answers one whose conversation means the same, by embedding similarity.
 */

/** The longest a client may ask an answer to be kept (`x-alfred-cache-ttl`): 30 days. */
export const MAX_CACHE_TTL_SECONDS = 30 * 86_400;

const ttlSeconds = z.number().int().positive().max(MAX_CACHE_TTL_SECONDS);

export const ExactCacheConfigSchema = z.strictObject({
  enabled: z.boolean().default(false),
  /** How long an answer is kept unless the request asks for less or more. */
  ttlSeconds: ttlSeconds.default(3600),
  /** Answers larger than this (stored form, bytes) are not cached. */
  maxEntryBytes: z.number().int().positive().default(262_144),
});
export type ExactCacheConfig = z.infer<typeof ExactCacheConfigSchema>;

/**
 * `shadow` looks up and counts would-be hits and false hits but always asks the provider:
 * measure the threshold on real traffic before answering anyone from it with `on`.
 */
export const SemanticCacheModeSchema = z.enum(['off', 'shadow', 'on']);
export type SemanticCacheMode = z.infer<typeof SemanticCacheModeSchema>;

export const SemanticCacheConfigSchema = z.strictObject({
  mode: SemanticCacheModeSchema.default('off'),
  /** A model of kind `embeddings` in the gateway configuration. */
  embeddingsModel: z.string().min(1).optional(),
  /** Cosine similarity at or above which a cached answer is served. */
  threshold: z.number().min(0).max(1).default(0.95),
  ttlSeconds: ttlSeconds.default(3600),
  /** Per (org, model): past it the oldest entries are evicted. Each worker holds them in memory. */
  maxEntriesPerScope: z.number().int().positive().max(1_000_000).default(100_000),
  /** A lookup slower than this (embedding included) is a miss rather than a wait. */
  lookupTimeoutMs: z.number().int().positive().default(250),
});
export type SemanticCacheConfig = z.infer<typeof SemanticCacheConfigSchema>;

/**
 * What a cache hit costs the caller: nothing (default), the full price, or a whole percentage
 * of it. Hits are always recorded in usage (cacheStatus hit/semantic) so savings show.
 */
export const CacheHitBillingSchema = z.union([
  z.literal('free'),
  z.literal('full'),
  z.strictObject({ percent: z.number().int().min(0).max(100) }),
]);
export type CacheHitBilling = z.infer<typeof CacheHitBillingSchema>;

export const CacheConfigSchema = z
  .strictObject({
    // prefault: an absent section is parsed as {}, so its fields' own defaults apply.
    exact: ExactCacheConfigSchema.prefault({}),
    semantic: SemanticCacheConfigSchema.prefault({}),
    hitBilling: CacheHitBillingSchema.default('free'),
  })
  .superRefine((config, ctx) => {
    if (config.semantic.mode !== 'off' && !config.semantic.embeddingsModel) {
      ctx.addIssue({
        code: 'custom',
        path: ['semantic', 'embeddingsModel'],
        message: 'a semantic cache in shadow or on mode needs an embeddings model',
      });
    }
  });
export type CacheConfig = z.infer<typeof CacheConfigSchema>;
export type CacheConfigInput = z.input<typeof CacheConfigSchema>;

/**
 * Per-request cache controls, parsed by ingress from `Cache-Control` and
 * `x-alfred-cache-ttl` and carried to the worker in the work request envelope.
 * `read: false` is `no-cache` (fetch a fresh answer, which may be stored); `no-store`
 * is neither read nor write.
 */
export const CacheDirectiveSchema = z.object({
  read: z.boolean(),
  write: z.boolean(),
  ttlSeconds: ttlSeconds.optional(),
});
export type CacheDirective = z.infer<typeof CacheDirectiveSchema>;
