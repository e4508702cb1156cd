import { reconcile } from '@alfred/accounting';
import type { CommonQueryMethods } from 'slonik';

/**
 * `npm run ledger:reconcile [-- --org <uuid>]`: compares balances with transfers and usage
 * with debits and prints every difference. Returns the exit code (0 none, 1 some).
 */
export async function runReconcileCommand(
  db: CommonQueryMethods,
  args: readonly string[],
  print: (line: string) => void,
): Promise<number> {
  const orgFlag = args.indexOf('--org');
  const orgId = orgFlag >= 0 ? args[orgFlag + 1] : undefined;
  const report = await reconcile(db, orgId ? { orgId } : {});
  const scope = orgId ? `organization ${orgId}` : 'all organizations';
  const { accounts, usageRecords } = report.checked;
  print(
    `reconciled ${scope}: ${accounts} account${accounts === 1 ? '' : 's'}, ${usageRecords} usage record${usageRecords === 1 ? '' : 's'}`,
  );
  for (const b of report.balances)
    print(
      `  balance  account ${b.accountId} (${b.kind}): stored ${b.balanceMicros}, transfers say ${b.transfersMicros} (difference ${b.balanceMicros - b.transfersMicros})`,
    );
  for (const u of report.usageDebits)
    print(
      `  usage    request ${u.requestId}: cost ${u.costMicros}, debited ${u.debitedMicros} in ${u.debitTransfers} transfer(s)`,
    );
  for (const d of report.unexplainedDebits)
    print(
      `  debit    transfer ${d.transferId} (request ${d.requestId ?? 'none'}) of ${d.amountMicros} has no usage record`,
    );
  print(report.ok ? 'no differences' : 'DIFFERENCES FOUND');
  return report.ok ? 0 : 1;
}
