import { randomUUID } from 'node:crypto';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiKey,
  createDatabasePool,
  createTeam,
  databaseUrlFromEnv,
  ensureOrganization,
  loadSpendingProfile,
  setBudgetLimit,
  type DatabasePool,
} from '../index.ts';

let pool: DatabasePool;
beforeAll(async () => {
  pool = await createDatabasePool(databaseUrlFromEnv());
});
afterAll(() => pool.end());

const Id = z.object({ id: z.string() });

async function wallet(orgId: string, teamId: string | null) {
  return pool.oneFirst(sql.type(Id)`
    INSERT INTO accounts (org_id, team_id, kind, name, floor_micros)
    VALUES (${orgId}, ${teamId}, 'wallet', 'w', 0) RETURNING id`);
}

describe('spending profile', () => {
  it('finds the nearest team wallet, every budget above the key, and the rate limits', async () => {
    const orgId = await ensureOrganization(pool, `sp-${randomUUID()}`, 'sp');
    const root = await createTeam(pool, { orgId, name: 'root', rpmLimit: 600 });
    const child = await createTeam(pool, {
      orgId,
      name: 'child',
      parentTeamId: root,
      tpmLimit: 50,
    });
    const orgWallet = await wallet(orgId, null);
    const rootWallet = await wallet(orgId, root);
    const { record } = await createApiKey(pool, {
      orgId,
      teamId: child,
      name: 'k',
      rpmLimit: 60,
      tpmLimit: 1000,
    });
    await setBudgetLimit(pool, {
      scope: 'key',
      scopeId: record.id,
      period: 'daily',
      limitMicros: 7,
    });
    // Setting a budget again changes its limit: still one budget per scope and period.
    await setBudgetLimit(pool, {
      scope: 'key',
      scopeId: record.id,
      period: 'daily',
      limitMicros: 100,
    });
    await setBudgetLimit(pool, {
      scope: 'team',
      scopeId: root,
      period: 'monthly',
      limitMicros: 1000,
    });
    await setBudgetLimit(pool, {
      scope: 'org',
      scopeId: orgId,
      period: 'total',
      limitMicros: 5000,
    });

    const profile = await loadSpendingProfile(pool, {
      keyId: record.id,
      orgId,
      teamId: child,
      rpmLimit: 60,
      tpmLimit: 1000,
    });
    expect(profile.teamIds).toEqual([child, root]);
    expect(profile.walletAccountId).toBe(rootWallet);
    expect(profile.budgets).toHaveLength(3);
    expect(profile.budgets).toEqual(
      expect.arrayContaining([
        { scope: 'key', scopeId: record.id, period: 'daily', limitMicros: 100 },
        { scope: 'team', scopeId: root, period: 'monthly', limitMicros: 1000 },
        { scope: 'org', scopeId: orgId, period: 'total', limitMicros: 5000 },
      ]),
    );
    expect(profile.rateLimits).toEqual([
      { scope: 'key', id: record.id, rpm: 60, tpm: 1000 },
      { scope: 'team', id: child, rpm: null, tpm: 50 },
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
