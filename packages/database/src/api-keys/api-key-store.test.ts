import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createDatabasePool,
  databaseUrlFromEnv,
  ensureDemoApiKey,
  ensureOrganization,
  findApiKeyByHash,
  hashApiKey,
  revokeApiKey,
  type DatabasePool,
} from '../index.ts';

let pool: DatabasePool;
let orgId: string;

beforeAll(async () => {
  pool = await createDatabasePool(databaseUrlFromEnv());
  orgId = await ensureOrganization(pool, `test-${randomUUID()}`, 'API key tests');
});
afterAll(() => pool.end());

describe('API keys', () => {
  it('stores only the hash and finds the key by the hash of its clear text', async () => {
    const { apiKey, record } = await createApiKey(pool, {
      orgId,
      name: 'ci',
      allowedModels: ['gpt-4o-mini'],
      rpmLimit: 60,
    });
    expect(apiKey).toMatch(/^sk-alfred-[A-Za-z0-9_-]{43}$/);
    expect(record.displayPrefix).toBe(`${apiKey.slice(0, 14)}…${apiKey.slice(-4)}`);

    const found = await findApiKeyByHash(pool, hashApiKey(apiKey));
    expect(found).toMatchObject({
      id: record.id,
      orgId,
      allowedModels: ['gpt-4o-mini'],
      rpmLimit: 60,
    });

    const { rows } = await pool.query(
      (await import('slonik')).sql.unsafe`SELECT * FROM api_keys WHERE id = ${record.id}`,
    );
    expect(JSON.stringify(rows)).not.toContain(apiKey);
  });

  it('does not find an unknown key, and reports a revoked key as revoked', async () => {
    expect(await findApiKeyByHash(pool, hashApiKey('sk-alfred-nope'))).toBeNull();
    const { apiKey, record } = await createApiKey(pool, { orgId, name: 'to revoke' });
    expect(await revokeApiKey(pool, record.id)).toBe(true);
    expect(await revokeApiKey(pool, record.id)).toBe(false);
    expect((await findApiKeyByHash(pool, hashApiKey(apiKey)))?.status).toBe('revoked');
  });

  it('keeps one demo key across starts and replaces it when it was revoked', async () => {
    const keyFile = join(await mkdtemp(join(tmpdir(), 'alfred-demo-')), 'demo-api-key');
    const first = await ensureDemoApiKey(databaseUrlFromEnv(), keyFile);
    const second = await ensureDemoApiKey(databaseUrlFromEnv(), keyFile);
    expect(first.created).toBe(true);
    expect(second).toEqual({ apiKey: first.apiKey, created: false });
    expect((await readFile(keyFile, 'utf8')).trim()).toBe(first.apiKey);

    const record = await findApiKeyByHash(pool, hashApiKey(first.apiKey));
    expect(record).toMatchObject({ rpmLimit: 6_000, tpmLimit: 1_000_000 });
    await revokeApiKey(pool, record!.id);
    const third = await ensureDemoApiKey(databaseUrlFromEnv(), keyFile);
    expect(third.created).toBe(true);
    expect(third.apiKey).not.toBe(first.apiKey);
  });
});
