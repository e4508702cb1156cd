import { describe, expect, it } from 'vitest';
import { CacheConfigSchema, CacheDirectiveSchema } from './cache-config.ts';

describe('CacheConfigSchema', () => {
  it('defaults to caches off and free hits, with sensible TTLs and limits', () => {
    expect(CacheConfigSchema.parse({})).toEqual({
      exact: { enabled: false, ttlSeconds: 3600, maxEntryBytes: 262_144 },
      semantic: {
        mode: 'off',
        threshold: 0.95,
        ttlSeconds: 3600,
        maxEntriesPerScope: 100_000,
        lookupTimeoutMs: 250,
      },
      hitBilling: 'free',
    });
  });

  it('needs an embeddings model for a semantic cache in shadow or on mode', () => {
    const missing = CacheConfigSchema.safeParse({ semantic: { mode: 'shadow' } });
    expect(missing.error?.issues[0]?.path).toEqual(['semantic', 'embeddingsModel']);
    const given = CacheConfigSchema.parse({
      semantic: { mode: 'on', embeddingsModel: 'text-embedding-3-small', threshold: 0.9 },
    });
    expect(given.semantic).toMatchObject({ mode: 'on', threshold: 0.9, ttlSeconds: 3600 });
  });

  it('rejects unknown keys and out-of-range values', () => {
    expect(CacheConfigSchema.safeParse({ exact: { enable: true } }).success).toBe(false);
    expect(CacheConfigSchema.safeParse({ semantic: { threshold: 1.5 } }).success).toBe(false);
    expect(CacheConfigSchema.safeParse({ exact: { ttlSeconds: 0 } }).success).toBe(false);
  });
});

describe('CacheDirectiveSchema', () => {
  it('carries read, write and an optional TTL between ingress and workers', () => {
    expect(CacheDirectiveSchema.parse({ read: false, write: true, ttlSeconds: 60 })).toEqual({
      read: false,
      write: true,
      ttlSeconds: 60,
    });
    expect(CacheDirectiveSchema.safeParse({ read: true }).success).toBe(false);
  });
});
