import {
  loadSpendingProfile,
  type ApiKeyRecord,
  type DatabasePool,
  type SpendingProfile,
} from '@alfred/database';

interface CachedProfile {
  profile: SpendingProfile;
  expiresAt: number;
}

/**
 * Each key's spending profile (wallet, teams, budgets, rate limits), cached like the key
 * itself: refreshed in the background after the TTL, dropped on invalidation.
 */
export class SpendingProfiles {
  readonly #pool: DatabasePool;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, CachedProfile>();
  readonly #loading = new Map<string, Promise<SpendingProfile>>();

  constructor(pool: DatabasePool, ttlMs: number) {
    this.#pool = pool;
    this.#ttlMs = ttlMs;
  }

  async profileOf(key: ApiKeyRecord, now = Date.now()): Promise<SpendingProfile> {
    const cached = this.#cache.get(key.id);
    if (!cached) return this.#load(key, now);
    if (cached.expiresAt <= now) this.#load(key, now).catch(() => {});
    return cached.profile;
  }

  invalidate(keyId: string): void {
    this.#cache.delete(keyId);
  }

  #load(key: ApiKeyRecord, now: number): Promise<SpendingProfile> {
    let loading = this.#loading.get(key.id);
    if (!loading) {
      loading = loadSpendingProfile(this.#pool, {
        keyId: key.id,
        orgId: key.orgId,
        teamId: key.teamId,
        rpmLimit: key.rpmLimit,
        tpmLimit: key.tpmLimit,
      })
        .then((profile) => {
          this.#cache.set(key.id, { profile, expiresAt: now + this.#ttlMs });
          return profile;
        })
        .finally(() => this.#loading.delete(key.id));
      this.#loading.set(key.id, loading);
    }
    return loading;
  }
}
