import type {
  CacheConfig,
  CacheDirective,
  ChatCompletionRequest,
  ChatCompletionResponse,
  ModelConfig,
  SemanticCacheConfig,
} from '@alfred/contracts';
import type { Redis } from 'ioredis';
import type { CacheMetrics } from './cache-metrics.ts';
import { ExactCache } from './exact-cache.ts';
import { SemanticCache, type EmbedText, type SemanticHit } from './semantic-cache.ts';

/** An answer the cache may serve: which layer found it, and how alike the prompts were. */
export interface CachedServe {
  status: 'hit' | 'semantic';
  response: ChatCompletionResponse;
  similarity?: number;
  config: CacheConfig;
}

/** What a lookup found: an answer to serve, or a shadow hit to judge against the fresh one. */
export interface CacheLookupResult {
  serve?: CachedServe;
  shadow?: SemanticHit;
}

const defaultDirective: CacheDirective = { read: true, write: true };

/**
 * The worker's caches of chat answers: one exact cache for every model that enables it and
 * one semantic cache per model with a semantic mode (its index lives in this process and
 * follows the other workers' additions through Redis). Configured per model in the gateway
 * config (`models[].cache`); the caller's Cache-Control applies on top.
 */
export class ResponseCache {
  readonly #exact: ExactCache;
  readonly #redis: Redis;
  readonly #metrics: CacheMetrics | undefined;
  readonly #embedderFor: (embeddingsModel: string) => EmbedText;
  /** By model name; rebuilt only when a new config changes the model's semantic settings. */
  readonly #semantic = new Map<
    string,
    { settings: SemanticCacheConfig; key: string; cache: SemanticCache }
  >();

  constructor(
    redis: Redis,
    embedderFor: (embeddingsModel: string) => EmbedText,
    metrics?: CacheMetrics,
  ) {
    this.#redis = redis;
    this.#metrics = metrics;
    this.#embedderFor = embedderFor;
    this.#exact = new ExactCache(redis, metrics ? { metrics } : {});
  }

  async lookup(
    orgId: string,
    model: ModelConfig,
    request: ChatCompletionRequest,
    directive: CacheDirective | undefined,
    signal: AbortSignal,
  ): Promise<CacheLookupResult> {
    const config = model.cache;
    if (!config || !(directive ?? defaultDirective).read) return {};
    if (config.exact.enabled) {
      const found = await this.#exact.get(orgId, request);
      if (found) return { serve: { status: 'hit', response: found.response, config } };
    }
    const semantic = this.#semanticFor(model);
    if (!semantic) return {};
    const hit = await semantic.lookup(orgId, request, signal);
    if (!hit) return {};
    if (!hit.served) return { shadow: hit };
    return {
      serve: {
        status: 'semantic',
        response: hit.answer.response,
        similarity: hit.similarity,
        config,
      },
    };
  }

  /** Keeps a fresh answer (unless the caller said no-store); never throws, never waits long. */
  async store(
    orgId: string,
    model: ModelConfig,
    request: ChatCompletionRequest,
    response: ChatCompletionResponse,
    directive: CacheDirective | undefined,
    shadow: SemanticHit | undefined,
  ): Promise<void> {
    const config = model.cache;
    if (!config) return;
    const semantic = this.#semanticFor(model);
    if (shadow && semantic) semantic.recordShadowOutcome(shadow, response);
    const { write, ttlSeconds } = directive ?? defaultDirective;
    if (!write) return;
    await Promise.all([
      config.exact.enabled
        ? this.#exact.put(orgId, request, response, ttlSeconds ?? config.exact.ttlSeconds)
        : undefined,
      semantic?.put(orgId, request, response, ttlSeconds ?? config.semantic.ttlSeconds),
    ]).catch(() => {
      // A cache that cannot keep an answer only misses it later.
    });
  }

  #semanticFor(model: ModelConfig): SemanticCache | undefined {
    const settings = model.cache?.semantic;
    if (!settings || settings.mode === 'off' || !settings.embeddingsModel) return undefined;
    const current = this.#semantic.get(model.name);
    // The same config object on every request until a config swap; only then compare values,
    // so that a swap that leaves these settings alone keeps the index this worker holds.
    if (current?.settings === settings) return current.cache;
    const key = JSON.stringify(settings);
    if (current?.key === key) {
      current.settings = settings;
      return current.cache;
    }
    const cache = new SemanticCache(this.#redis, {
      ...settings,
      embeddingsModel: settings.embeddingsModel,
      embed: this.#embedderFor(settings.embeddingsModel),
      ...(this.#metrics ? { metrics: this.#metrics } : {}),
    });
    this.#semantic.set(model.name, { settings, key, cache });
    return cache;
  }
}
