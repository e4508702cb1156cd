import { sql, type CommonQueryMethods } from 'slonik';
import { z } from 'zod';

/** An account whose stored balance is not credits − debits of its transfers. */
export interface BalanceDifference {
  accountId: string;
  kind: string;
  balanceMicros: bigint;
  transfersMicros: bigint;
}

/** A usage row whose debit is missing, doubled, of another amount or from another account. */
export interface UsageDebitDifference {
  requestId: string;
  costMicros: bigint;
  debitedMicros: bigint;
  debitTransfers: number;
}

/** A usage transfer no usage row accounts for. */
export interface UnexplainedUsageDebit {
  transferId: string;
  requestId: string | null;
  amountMicros: bigint;
}

export interface ReconciliationReport {
  ok: boolean;
  checked: { accounts: number; usageRecords: number };
  balances: BalanceDifference[];
  usageDebits: UsageDebitDifference[];
  unexplainedDebits: UnexplainedUsageDebit[];
}

/** At most this many differences of each sort are listed. */
const listLimit = 1_000;

/**
 * Compares every balance with its transfers, and usage with debits: each usage row that
 * cost something has exactly one usage transfer of that amount from its wallet, and every
 * usage transfer has its usage row. With `orgId`, only that organization's wallets and
 * usage (the system accounts hold every organization's money, so they are left out).
 */
export async function reconcile(
  db: CommonQueryMethods,
  scope: { orgId?: string } = {},
): Promise<ReconciliationReport> {
  const orgId = scope.orgId ?? null;
  const accountsInScope = sql.fragment`(${orgId}::uuid IS NULL OR a.org_id = ${orgId}::uuid)`;

  const balances = await db.any(
    sql.type(
      z.object({
        accountId: z.string(),
        kind: z.string(),
        balanceMicros: z.bigint(),
        transfersMicros: z.bigint(),
      }),
    )`
      WITH moves AS (
        SELECT credit_account_id AS account_id, amount_micros AS delta FROM transfers
        UNION ALL
        SELECT debit_account_id, -amount_micros FROM transfers
      ), sums AS (SELECT account_id, sum(delta)::int8 AS total FROM moves GROUP BY account_id)
      SELECT a.id AS "accountId", a.kind, a.balance_micros AS "balanceMicros",
             coalesce(s.total, 0)::int8 AS "transfersMicros"
      FROM accounts a LEFT JOIN sums s ON s.account_id = a.id
      WHERE ${accountsInScope} AND a.balance_micros <> coalesce(s.total, 0)
      ORDER BY a.id LIMIT ${listLimit}`,
  );

  const usageDebits = await db.any(
    sql.type(
      z.object({
        requestId: z.string(),
        costMicros: z.bigint(),
        debitedMicros: z.bigint(),
        debitTransfers: z.number(),
      }),
    )`
      SELECT u.request_id AS "requestId", u.cost_micros AS "costMicros",
             coalesce(sum(t.amount_micros), 0)::int8 AS "debitedMicros",
             count(t.id)::int4 AS "debitTransfers"
      FROM usage_records u
      LEFT JOIN transfers t
        ON t.request_id = u.request_id AND t.kind = 'usage' AND t.debit_account_id = u.account_id
      WHERE (${orgId}::uuid IS NULL OR u.org_id = ${orgId}::uuid)
      GROUP BY u.request_id, u.cost_micros
      HAVING count(t.id) <> (CASE WHEN u.cost_micros > 0 THEN 1 ELSE 0 END)
          OR coalesce(sum(t.amount_micros), 0) <> u.cost_micros
      ORDER BY u.request_id LIMIT ${listLimit}`,
  );

  const unexplainedDebits = await db.any(
    sql.type(
      z.object({
        transferId: z.string(),
        requestId: z.string().nullable(),
        amountMicros: z.bigint(),
      }),
    )`
      SELECT t.id AS "transferId", t.request_id AS "requestId", t.amount_micros AS "amountMicros"
      FROM transfers t JOIN accounts a ON a.id = t.debit_account_id
      WHERE t.kind = 'usage' AND ${accountsInScope}
        AND NOT EXISTS (SELECT 1 FROM usage_records u
                        WHERE u.request_id = t.request_id AND u.account_id = t.debit_account_id)
      ORDER BY t.id LIMIT ${listLimit}`,
  );

  const checked = await db.one(
    sql.type(z.object({ accounts: z.number(), usageRecords: z.number() }))`
      SELECT (SELECT count(*) FROM accounts a WHERE ${accountsInScope})::int4 AS accounts,
             (SELECT count(*) FROM usage_records u
              WHERE ${orgId}::uuid IS NULL OR u.org_id = ${orgId}::uuid)::int4 AS "usageRecords"`,
  );

  return {
    ok: balances.length === 0 && usageDebits.length === 0 && unexplainedDebits.length === 0,
    checked,
    balances: [...balances],
    usageDebits: [...usageDebits],
    unexplainedDebits: [...unexplainedDebits],
  };
}
