import { randomUUID } from 'node:crypto';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createDatabasePool,
  databaseUrlFromEnv,
  ensureOrganization,
  loadSpendingProfile,
  type DatabasePool,
} from '../index.ts';

let pool: DatabasePool;
beforeAll(async () => {
  pool = await createDatabasePool(databaseUrlFromEnv());
});
afterAll(() => pool.end());

const Id = z.object({ id: z.string() });

async function team(orgId: string, name: string, parent: string | null, rpm: number | null = null) {
  return pool.oneFirst(sql.type(Id)`
    INSERT INTO teams (org_id, name, parent_team_id, rpm_limit)
    VALUES (${orgId}, ${name}, ${parent}, ${rpm}) RETURNING id`);
}
async function wallet(orgId: string, teamId: string | null) {
  return pool.oneFirst(sql.type(Id)`
    INSERT INTO accounts (org_id, team_id, kind, name, floor_micros)
    VALUES (${orgId}, ${teamId}, 'wallet', 'w', 0) RETURNING id`);
}

describe('spending profile', () => {
  it('finds the nearest team wallet, every budget above the key, and the rate limits', async () => {
    const orgId = await ensureOrganization(pool, `sp-${randomUUID()}`, 'sp');
    const root = await team(orgId, 'root', null, 600);
    const child = await team(orgId, 'child', root);
    const orgWallet = await wallet(orgId, null);
    const rootWallet = await wallet(orgId, root);
    const { record } = await createApiKey(pool, {
      orgId,
      teamId: child,
      name: 'k',
      rpmLimit: 60,
      tpmLimit: 1000,
    });
    await pool.query(sql.unsafe`
      INSERT INTO budgets (scope, scope_id, period, limit_micros) VALUES
        ('key', ${record.id}, 'daily', 100), ('team', ${root}, 'monthly', 1000),
        ('org', ${orgId}, 'total', 5000)`);

    const profile = await loadSpendingProfile(pool, {
      keyId: record.id,
      orgId,
      teamId: child,
      rpmLimit: 60,
      tpmLimit: 1000,
    });
    expect(profile.teamIds).toEqual([child, root]);
    expect(profile.walletAccountId).toBe(rootWallet);
    expect(profile.budgets).toEqual(
      expect.arrayContaining([
        { scope: 'key', scopeId: record.id, period: 'daily', limitMicros: 100 },
        { scope: 'team', scopeId: root, period: 'monthly', limitMicros: 1000 },
        { scope: 'org', scopeId: orgId, period: 'total', limitMicros: 5000 },
      ]),
    );
    expect(profile.rateLimits).toEqual([
      { scope: 'key', id: record.id, rpm: 60, tpm: 1000 },
      { scope: 'team', id: root, rpm: 600, tpm: null },
    ]);

    const teamless = await loadSpendingProfile(pool, {
      keyId: record.id,
      orgId,
      teamId: null,
      rpmLimit: null,
      tpmLimit: null,
    });
    expect(teamless.walletAccountId).toBe(orgWallet);
    expect(teamless.rateLimits).toEqual([]);
  });

  it('has no wallet for an organization without one', async () => {
    const orgId = await ensureOrganization(pool, `sp-${randomUUID()}`, 'sp');
    const profile = await loadSpendingProfile(pool, {
      keyId: randomUUID(),
      orgId,
      teamId: null,
      rpmLimit: null,
      tpmLimit: null,
    });
    expect(profile).toMatchObject({ walletAccountId: null, teamIds: [], budgets: [] });
  });
});
