import { verifyAuditChain } from '@alfred/accounting';
import type { CommonQueryMethods } from 'slonik';

/** `npm run ledger:verify`: checks the whole audit chain. Returns the exit code (0 intact, 1 broken). */
export async function runVerifyCommand(
  db: CommonQueryMethods,
  print: (line: string) => void,
): Promise<number> {
  const verdict = await verifyAuditChain(db);
  if (verdict.ok) {
    print(
      verdict.records === 0
        ? 'audit chain intact: the audit log is empty'
        : `audit chain intact: ${verdict.records} records, seq 1…${verdict.lastSeq}, head hash ${verdict.headHash}`,
    );
    return 0;
  }
  print(
    `audit chain BROKEN at seq ${verdict.firstBadSeq} (id ${verdict.firstBadId}): ${verdict.reason}`,
  );
  print(`  ${verdict.detail}`);
  print(
    verdict.lastGoodSeq === null
      ? '  no record before it is intact'
      : `  the ${verdict.records} records up to seq ${verdict.lastGoodSeq} are intact`,
  );
  return 1;
}
