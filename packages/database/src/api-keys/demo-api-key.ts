import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sql } from 'slonik';
import { z } from 'zod';
import { ensureOrganization } from '../organizations.ts';
import { createDatabasePool } from '../pool.ts';
import { hashApiKey } from './api-key-secret.ts';
import { createApiKey } from './api-key-store.ts';

/**
 * Rate limits of the demo key: loose enough for trying things by hand or with a small load
 * test, and present so that its answers carry OpenAI's x-ratelimit-* headers, as a
 * production key's do. (A key without limits has nothing to report in them.)
 */
export const demoKeyRateLimits = { rpmLimit: 6_000, tpmLimit: 1_000_000 };

/**
 * The demo organization and key `npm start` prints. The database keeps only the
 * key's hash, so the clear key is kept in `keyFile` (under the git-ignored `.data/`)
 * to print the same key on every start.
 */
export async function ensureDemoApiKey(
  databaseUrl: string,
  keyFile: string,
): Promise<{ apiKey: string; created: boolean }> {
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const orgId = await ensureOrganization(pool, 'demo', 'Demo organization');
    const saved = await readFile(keyFile, 'utf8').then(
      (s) => s.trim(),
      () => null,
    );
    if (saved) {
      const stillActive = await pool.exists(sql.type(z.object({}))`
        SELECT 1 FROM api_keys
        WHERE key_hash = ${sql.binary(hashApiKey(saved))} AND status = 'active' AND org_id = ${orgId}`);
      if (stillActive) return { apiKey: saved, created: false };
    }
    const { apiKey } = await createApiKey(pool, { orgId, name: 'demo key', ...demoKeyRateLimits });
    await mkdir(dirname(keyFile), { recursive: true });
    await writeFile(keyFile, `${apiKey}\n`, { mode: 0o600 });
    return { apiKey, created: true };
  } finally {
    await pool.end();
  }
}
