import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { sql, type DatabasePool } from 'slonik';
import { z } from 'zod';
import type { UsageStreamNames } from '@alfred/usage-stream';
import type { FundedWallet } from './usage-fixtures.ts';

const Totals = z.object({
  rows: z.number(),
  costs: z.bigint(),
  debits: z.bigint(),
  debitTransfers: z.number(),
  balance: z.bigint(),
});
export type LedgerTotals = z.infer<typeof Totals>;

/** What the ledger wrote for one wallet: usage rows, their costs, the debits, the balance. */
export function ledgerTotals(pool: DatabasePool, wallet: FundedWallet): Promise<LedgerTotals> {
  return pool.one(sql.type(Totals)`
    SELECT (SELECT count(*) FROM usage_records WHERE account_id = ${wallet.accountId})::int4 AS rows,
           (SELECT coalesce(sum(cost_micros), 0) FROM usage_records
            WHERE account_id = ${wallet.accountId})::int8 AS costs,
           (SELECT coalesce(sum(amount_micros), 0) FROM transfers
            WHERE kind = 'usage' AND debit_account_id = ${wallet.accountId})::int8 AS debits,
           (SELECT count(*) FROM transfers
            WHERE kind = 'usage' AND debit_account_id = ${wallet.accountId})::int4 AS "debitTransfers",
           (SELECT balance_micros FROM accounts WHERE id = ${wallet.accountId}) AS balance`);
}

/** Events the ledger's consumer has not finished with (waiting or unacknowledged). */
export async function consumerBacklog(
  nc: NatsConnection,
  names: UsageStreamNames,
): Promise<number> {
  const info = await (
    await jetstreamManager(nc)
  ).consumers.info(names.streamName, names.consumerName);
  return info.num_pending + info.num_ack_pending;
}
