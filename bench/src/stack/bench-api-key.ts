import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { ensureWallet, topUp } from '@alfred/accounting';
import {
  createApiKey,
  createDatabasePool,
  ensureOrganization,
  revokeApiKey,
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

/** A fresh key of the `bench` organization for this run; revoke() retires it afterwards. */
export async function createBenchApiKey(
  databaseUrl: string,
  runName: string,
): Promise<BenchApiKey> {
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const orgId = await ensureOrganization(pool, 'bench', 'Benchmark runs');
    const { apiKey, record } = await createApiKey(pool, { orgId, name: runName });
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
