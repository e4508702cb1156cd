import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { ensureWallet, topUp } from '@alfred/accounting';
import {
  createApiKey,
  createDatabasePool,
  createTeam,
  ensureOrganization,
  revokeApiKey,
  setBudgetLimit,
  type DatabasePool,
} from '@alfred/database';

const migrateCli = fileURLToPath(
  new URL('../../../packages/database/src/migrate-cli.ts', import.meta.url),
);

/** Applies the database migrations with the project's own CLI, as an operator would. */
export async function applyMigrations(databaseUrl: string): Promise<void> {
  const child = spawn(process.execPath, [migrateCli, 'up'], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`migrations failed (exit ${code}):\n${output.trim()}`);
}

export interface BenchApiKey {
  apiKey: string;
  keyId: string;
  revoke(): Promise<void>;
}

/**
 * Limits far above anything a run reaches: every request goes through every check and
 * none is refused. (rpm and tpm are PostgreSQL integers; budgets are micro-credits.)
 */
const unreachable = { rpmLimit: 100_000_000, tpmLimit: 2_000_000_000, budgetMicros: 1e15 };

/**
 * Where the bench key sits: in a team inside a parent team, with request and token rate
 * limits on the key and on both teams, and a budget on the key (monthly), its team (daily),
 * the parent team (monthly) and the organization (monthly). So admission checks and holds what a
 * well-governed production key has (6 rate-limit buckets, 4 budgets and the wallet) and
 * the `credits` phase measures that, not a bare wallet.
 */
async function createGovernedTeams(pool: DatabasePool, orgId: string, runName: string) {
  const limits = { rpmLimit: unreachable.rpmLimit, tpmLimit: unreachable.tpmLimit };
  const parentTeamId = await createTeam(pool, { orgId, name: `${runName} division`, ...limits });
  const teamId = await createTeam(pool, {
    orgId,
    name: `${runName} team`,
    parentTeamId,
    ...limits,
  });
  const budget = { limitMicros: unreachable.budgetMicros };
  await setBudgetLimit(pool, { scope: 'org', scopeId: orgId, period: 'monthly', ...budget });
  await setBudgetLimit(pool, {
    scope: 'team',
    scopeId: parentTeamId,
    period: 'monthly',
    ...budget,
  });
  await setBudgetLimit(pool, { scope: 'team', scopeId: teamId, period: 'daily', ...budget });
  return teamId;
}

/** A fresh key of the `bench` organization for this run; revoke() retires it afterwards. */
export async function createBenchApiKey(
  databaseUrl: string,
  runName: string,
): Promise<BenchApiKey> {
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const orgId = await ensureOrganization(pool, 'bench', 'Benchmark runs');
    const teamId = await createGovernedTeams(pool, orgId, runName);
    const { apiKey, record } = await createApiKey(pool, {
      orgId,
      teamId,
      name: runName,
      rpmLimit: unreachable.rpmLimit,
      tpmLimit: unreachable.tpmLimit,
    });
    await setBudgetLimit(pool, {
      scope: 'key',
      scopeId: record.id,
      period: 'monthly',
      limitMicros: unreachable.budgetMicros,
    });
    // Requests are billed like any other: the run gets enough credits never to be refused.
    const walletId = await ensureWallet(pool, { orgId });
    await topUp(pool, {
      id: randomUUID(),
      accountId: walletId,
      amountMicros: 1_000_000_000_000,
      memo: runName,
      actor: 'bench',
    });
    return {
      apiKey,
      keyId: record.id,
      async revoke() {
        const revoking = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
        try {
          await revokeApiKey(revoking, record.id);
        } finally {
          await revoking.end();
        }
      },
    };
  } finally {
    await pool.end();
  }
}
