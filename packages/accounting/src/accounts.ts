import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

export type SystemAccountKind = 'revenue' | 'funding';

export interface WalletOwner {
  orgId: string;
  /** A team's own wallet; without it, the organization's wallet. */
  teamId?: string | null;
  /** Lowest balance spending may reach (negative = overdraft). Only used when the wallet is created. */
  floorMicros?: number;
}

const IdRow = z.object({ id: z.string() });

/** The wallet of an organization (or of one of its teams), created on first use. */
export async function ensureWallet(db: CommonQueryMethods, owner: WalletOwner): Promise<string> {
  const teamId = owner.teamId ?? null;
  const name = teamId ? `wallet of team ${teamId}` : `wallet of organization ${owner.orgId}`;
  // The conflict target repeats the unique index's expression so concurrent callers meet
  // on the same row instead of one of them failing.
  return db.oneFirst(sql.type(IdRow)`
    INSERT INTO accounts (org_id, team_id, kind, name, floor_micros)
    VALUES (${owner.orgId}, ${teamId}, 'wallet', ${name}, ${owner.floorMicros ?? 0})
    ON CONFLICT (org_id, coalesce(team_id, '00000000-0000-0000-0000-000000000000'::uuid))
      WHERE kind = 'wallet'
    DO UPDATE SET org_id = EXCLUDED.org_id
    RETURNING id`);
}

/** The id of the system account usage is paid into (`revenue`) or top-ups come from (`funding`). */
export async function systemAccountId(
  db: CommonQueryMethods,
  kind: SystemAccountKind,
): Promise<string> {
  return db.oneFirst(sql.type(IdRow)`SELECT id FROM accounts WHERE kind = ${kind}`);
}

/** The balance as stored; `reconcile` checks it against the transfers. */
export async function accountBalance(db: CommonQueryMethods, accountId: string): Promise<bigint> {
  return db.oneFirst(
    sql.type(z.object({ balance: z.bigint() }))`
      SELECT balance_micros AS balance FROM accounts WHERE id = ${accountId}`,
  );
}
