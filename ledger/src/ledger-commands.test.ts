import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { appendAuditRecords } from '@alfred/accounting';
import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { sql, type DatabasePool, type DatabaseTransactionConnection } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReconcileCommand } from './reconcile-command.ts';
import {
  createFundedWallet,
  usageEvent,
  type FundedWallet,
} from './test-support/usage-fixtures.ts';
import { UsageBatchWriter } from './usage-batch-writer.ts';
import { runVerifyCommand } from './verify-command.ts';

let pool: DatabasePool;
let wallet: FundedWallet;

beforeAll(async () => {
  pool = await createDatabasePool(databaseUrlFromEnv());
  wallet = await createFundedWallet(pool, 1_000_000);
  await new UsageBatchWriter(pool).write([usageEvent(wallet), usageEvent(wallet)]);
});
afterAll(() => pool.end());

class RollBack extends Error {}

/** Runs `work` as a superuser with triggers off, in a transaction nobody else ever sees. */
async function tampered<T>(work: (tx: DatabaseTransactionConnection) => Promise<T>): Promise<T> {
  let result: T | undefined;
  await pool
    .transaction(async (tx) => {
      await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
      result = await work(tx);
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  return result as T;
}

const run = async (command: (print: (line: string) => void) => Promise<number>) => {
  const lines: string[] = [];
  const code = await command((line) => lines.push(line));
  return { code, output: lines.join('\n') };
};

describe('ledger:verify', () => {
  it('names the first altered record and exits 1', async () => {
    const id = randomUUID();
    await pool.transaction((tx) =>
      appendAuditRecords(tx, [
        {
          id,
          kind: 'key.revoked',
          subject: `key:${id}`,
          payload: { by: 'test' },
          occurredAt: Date.now(),
        },
      ]),
    );
    const seq = await pool.oneFirst(
      sql.type(z.object({ seq: z.bigint() }))`SELECT seq FROM audit_log WHERE id = ${id}`,
    );
    const broken = await tampered(async (tx) => {
      await tx.query(
        sql.unsafe`UPDATE audit_log SET subject = 'key:someone-else' WHERE id = ${id}`,
      );
      return run((print) => runVerifyCommand(tx, print));
    });
    expect(broken.code).toBe(1);
    expect(broken.output).toContain(`audit chain BROKEN at seq ${seq} (id ${id}): altered`);
  });

  it('reports an intact chain and exits 0, as a command', async () => {
    const [cli, inProcess] = await Promise.all([
      runCli('verify-cli.ts'),
      run((print) => runVerifyCommand(pool, print)),
    ]);
    expect(cli).toMatchObject({ code: 0 });
    expect(cli.stdout).toMatch(
      /^audit chain intact: \d+ records, seq 1…\d+, head hash [0-9a-f]{64}/,
    );
    expect(inProcess.code).toBe(0);
  });
});

describe('ledger:reconcile', () => {
  it('prints every difference and exits 1', async () => {
    const result = await tampered(async (tx) => {
      await tx.query(
        sql.unsafe`UPDATE accounts SET balance_micros = 0 WHERE id = ${wallet.accountId}`,
      );
      await tx.query(sql.unsafe`
        DELETE FROM usage_records WHERE request_id = (
          SELECT request_id FROM usage_records WHERE account_id = ${wallet.accountId} LIMIT 1)`);
      return run((print) => runReconcileCommand(tx, ['--org', wallet.orgId], print));
    });
    expect(result.code).toBe(1);
    expect(result.output).toContain(
      `reconciled organization ${wallet.orgId}: 1 account, 1 usage record`,
    );
    expect(result.output).toMatch(
      new RegExp(
        `balance  account ${wallet.accountId} \\(wallet\\): stored 0, transfers say \\d+ \\(difference -\\d+\\)`,
      ),
    );
    expect(result.output).toMatch(
      /debit {4}transfer .* \(request req-.*\) of \d+ has no usage record/,
    );
    expect(result.output).toContain('DIFFERENCES FOUND');
  });

  it('finds no difference and exits 0, as a command', async () => {
    const cli = await runCli('reconcile-cli.ts', '--org', wallet.orgId);
    expect(cli).toMatchObject({ code: 0 });
    expect(cli.stdout).toContain('no differences');
  });
});

async function runCli(file: string, ...args: string[]) {
  const path = fileURLToPath(new URL(file, import.meta.url));
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [path, ...args]);
    return { code: 0, stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
