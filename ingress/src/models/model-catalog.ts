import {
  gatewayErrors,
  type GatewayConfig,
  type Model,
  type RedisOutagePolicy,
} from '@alfred/contracts';
import type { ApiKeyRecord } from '@alfred/database';

export interface CatalogEntry {
  name: string;
  kind: 'chat' | 'embeddings';
  pool: string;
  /** Output tokens reserved when a request sets no limit. */
  maxOutputTokens: number;
  whenRedisIsDown: RedisOutagePolicy;
  model: Model;
}

/**
 * The model names clients may use, from the gateway config, and the pool serving each.
 * `replace` swaps in a new config's models at once (live config); requests already past
 * `resolve` keep the entry they got.
 */
export class ModelCatalog {
  #entries = new Map<string, CatalogEntry>();
  readonly #created: number;

  constructor(config: GatewayConfig, created = Math.floor(Date.now() / 1000)) {
    this.#created = created;
    this.replace(config);
  }

  replace(config: GatewayConfig): void {
    const created = this.#created;
    const entries = new Map<string, CatalogEntry>();
    for (const m of config.models) {
      entries.set(m.name, {
        name: m.name,
        kind: m.kind,
        pool: m.pool,
        maxOutputTokens: m.maxOutputTokens,
        whenRedisIsDown: m.whenRedisIsDown,
        model: { id: m.name, object: 'model', created, owned_by: m.ownedBy },
      });
    }
    this.#entries = entries;
  }

  get pools(): string[] {
    return [...new Set([...this.#entries.values()].map((e) => e.pool))];
  }

  /** The entry for `name` if this key may use it for `kind`; else OpenAI's 404. */
  resolve(name: string, kind: CatalogEntry['kind'] | undefined, key: ApiKeyRecord): CatalogEntry {
    const entry = this.#entries.get(name);
    if (!entry || (kind && entry.kind !== kind) || !allowed(key, name)) {
      throw gatewayErrors.modelNotFound(name);
    }
    return entry;
  }

  list(key: ApiKeyRecord): Model[] {
    return [...this.#entries.values()].filter((e) => allowed(key, e.name)).map((e) => e.model);
  }
}

function allowed(key: ApiKeyRecord, model: string): boolean {
  return key.allowedModels === null || key.allowedModels.includes(model);
}
