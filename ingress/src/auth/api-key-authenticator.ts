import { gatewayErrors, GatewayError } from '@alfred/contracts';
import {
  findApiKeyByHash,
  hashApiKey,
  type ApiKeyRecord,
  type DatabasePool,
} from '@alfred/database';

interface CachedLookup {
  record: ApiKeyRecord | null;
  expiresAt: number;
}

/** Unknown keys are remembered briefly so a client retrying a bad key cannot hammer PostgreSQL. */
const negativeTtlMs = 5_000;
const maxCachedKeys = 50_000;

/**
 * Turns an `Authorization: Bearer …` header into the key's record. Lookups are cached in
 * this process's memory by the key as presented (so a hit costs no hashing; the key is
 * never stored elsewhere nor logged); an invalidation (NATS broadcast) or the TTL drops them.
 */
export class ApiKeyAuthenticator {
  readonly #pool: DatabasePool;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, CachedLookup>();
  readonly #lookups = new Map<string, Promise<ApiKeyRecord | null>>();

  constructor(pool: DatabasePool, ttlMs: number) {
    this.#pool = pool;
    this.#ttlMs = ttlMs;
  }

  async authenticate(authorization: string | undefined, now = Date.now()): Promise<ApiKeyRecord> {
    const apiKey = bearerToken(authorization);
    const cached = this.#cache.get(apiKey);
    let record: ApiKeyRecord | null;
    if (!cached) {
      record = await this.#lookup(apiKey, now);
    } else {
      record = cached.record;
      // A known key past its TTL is served while it is looked up again in the background,
      // so no request waits on PostgreSQL (and an outage does not lock every client out).
      if (cached.expiresAt <= now) {
        if (record) this.#lookup(apiKey, now).catch(() => {});
        else record = await this.#lookup(apiKey, now);
      }
    }
    if (!record || record.status !== 'active') throw gatewayErrors.invalidApiKey();
    if (record.expiresAt !== null && record.expiresAt <= now) {
      throw new GatewayError({
        status: 401,
        type: 'invalid_request_error',
        code: 'expired_api_key',
        message: 'The API key provided has expired.',
      });
    }
    return record;
  }

  /** Drops every cached lookup of this key (it was revoked or changed). */
  invalidate(keyId: string): void {
    for (const [cacheKey, entry] of this.#cache) {
      if (entry.record?.id === keyId) this.#cache.delete(cacheKey);
    }
  }

  #lookup(cacheKey: string, now: number): Promise<ApiKeyRecord | null> {
    let lookup = this.#lookups.get(cacheKey);
    if (!lookup) {
      lookup = findApiKeyByHash(this.#pool, hashApiKey(cacheKey))
        .then((record) => {
          if (this.#cache.size >= maxCachedKeys) {
            const oldest = this.#cache.keys().next().value;
            if (oldest !== undefined) this.#cache.delete(oldest);
          }
          this.#cache.set(cacheKey, {
            record,
            expiresAt: now + (record ? this.#ttlMs : negativeTtlMs),
          });
          return record;
        })
        .catch(() => {
          throw new GatewayError({
            status: 503,
            type: 'service_unavailable',
            code: 'auth_unavailable',
            message: 'API keys cannot be checked right now. Try again shortly.',
            headers: { 'retry-after': '1' },
          });
        })
        .finally(() => this.#lookups.delete(cacheKey));
      this.#lookups.set(cacheKey, lookup);
    }
    return lookup;
  }
}

function bearerToken(authorization: string | undefined): string {
  if (!authorization) throw gatewayErrors.missingApiKey();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!match?.[1] || match[1].length > 512) throw gatewayErrors.invalidApiKey();
  return match[1];
}
