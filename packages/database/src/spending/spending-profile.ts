import { sql } from 'slonik';
import { z } from 'zod';
import type { DatabasePool } from '../pool.ts';

/**
 * What admission needs to know about a key beyond the key itself: the wallet it draws
 * from, the teams above it (nearest first), every budget that applies, and the rate limits
 * of the key and its teams. Loaded with the key and cached with it.
 */
export const SpendingProfileSchema = z.object({
  walletAccountId: z.string().nullable(),
  /** The key's team and its parents, nearest first. */
  teamIds: z.array(z.string()),
  budgets: z.array(
    z.object({
      scope: z.enum(['org', 'team', 'key']),
      scopeId: z.string(),
      period: z.enum(['total', 'daily', 'monthly']),
      limitMicros: z.number().int(),
    }),
  ),
  rateLimits: z.array(
    z.object({
      scope: z.enum(['key', 'team']),
      id: z.string(),
      rpm: z.number().int().nullable(),
      tpm: z.number().int().nullable(),
    }),
  ),
});
export type SpendingProfile = z.infer<typeof SpendingProfileSchema>;

const TeamRow = z.object({
  id: z.string(),
  rpmLimit: z.number().int().nullable(),
  tpmLimit: z.number().int().nullable(),
});
const WalletRow = z.object({ id: z.string(), teamId: z.string().nullable() });
const BudgetRow = SpendingProfileSchema.shape.budgets.element;

export interface SpendingSubject {
  keyId: string;
  orgId: string;
  teamId: string | null;
  rpmLimit: number | null;
  tpmLimit: number | null;
}

export async function loadSpendingProfile(
  pool: DatabasePool,
  key: SpendingSubject,
): Promise<SpendingProfile> {
  const teams = key.teamId
    ? await pool.any(sql.type(TeamRow)`
        WITH RECURSIVE chain (id, parent_team_id, rpm_limit, tpm_limit, depth) AS (
          SELECT id, parent_team_id, rpm_limit, tpm_limit, 0 FROM teams WHERE id = ${key.teamId}
          UNION ALL
          SELECT t.id, t.parent_team_id, t.rpm_limit, t.tpm_limit, c.depth + 1
          FROM teams t JOIN chain c ON t.id = c.parent_team_id WHERE c.depth < 32
        )
        SELECT id, rpm_limit AS "rpmLimit", tpm_limit AS "tpmLimit" FROM chain ORDER BY depth`)
    : [];
  const teamIds = teams.map((t) => t.id);
  const wallets = await pool.any(sql.type(WalletRow)`
    SELECT id, team_id AS "teamId" FROM accounts
    WHERE kind = 'wallet' AND org_id = ${key.orgId}`);
  // The nearest team with a wallet pays; otherwise the organization's own wallet.
  const wallet =
    teamIds.map((id) => wallets.find((w) => w.teamId === id)).find(Boolean) ??
    wallets.find((w) => w.teamId === null);
  const budgets = await pool.any(sql.type(BudgetRow)`
    SELECT scope, scope_id AS "scopeId", period, limit_micros::float8 AS "limitMicros" FROM budgets
    WHERE (scope = 'key' AND scope_id = ${key.keyId})
       OR (scope = 'org' AND scope_id = ${key.orgId})
       OR (scope = 'team' AND scope_id = ANY(${sql.array(teamIds, 'uuid')}))`);
  return {
    walletAccountId: wallet?.id ?? null,
    teamIds,
    budgets: [...budgets],
    rateLimits: [
      { scope: 'key' as const, id: key.keyId, rpm: key.rpmLimit, tpm: key.tpmLimit },
      ...teams
        .filter((t) => t.rpmLimit !== null || t.tpmLimit !== null)
        .map((t) => ({ scope: 'team' as const, id: t.id, rpm: t.rpmLimit, tpm: t.tpmLimit })),
    ].filter((l) => l.rpm !== null || l.tpm !== null),
  };
}
