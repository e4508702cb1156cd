import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { reconcile, verifyAuditChain } from '@alfred/accounting';
import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { DatabasePool } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumerBacklog, ledgerTotals } from './test-support/ledger-totals.ts';
import {
  createFundedWallet,
  isolatedStreamNames,
  publishUsageEvents,
  usageEvent,
  type FundedWallet,
} from './test-support/usage-fixtures.ts';
import { waitUntil } from './test-support/waiting.ts';
import { deleteUsageStream, ensureUsageStream } from '@alfred/usage-stream';

const funding = 100_000_000_000;
const eventCount = 5_000;
const names = isolatedStreamNames();
let nc: NatsConnection;
let js: JetStreamClient;
let pool: DatabasePool;
let wallet: FundedWallet;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
  js = jetstream(nc);
  pool = await createDatabasePool(databaseUrlFromEnv());
  wallet = await createFundedWallet(pool, funding);
  // A short ack wait: events a killed ledger held come back within seconds.
  await ensureUsageStream(nc, names, { ackWaitMs: 2_000 });
});
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await deleteUsageStream(nc, names.streamName);
  await nc.close();
  await pool.end();
});

/** `node ledger/src/main.ts`, as in production, on this file's own stream. */
function startLedgerProcess(): ChildProcess {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./main.ts', import.meta.url))], {
    env: {
      ...process.env,
      LEDGER_STREAM: names.streamName,
      LEDGER_SUBJECTS: names.subjects,
      LEDGER_CONSUMER: names.consumerName,
      LEDGER_METRICS_PORT: '0',
      LEDGER_BATCH_SIZE: '100',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

const rows = async () => (await ledgerTotals(pool, wallet)).rows;
const randomBetween = (min: number, max: number) => min + Math.floor(Math.random() * (max - min));

describe('the ledger process under SIGKILL', () => {
  it('ends with exactly one row per request and debits equal to costs, however often it is killed', async () => {
    const events = Array.from({ length: eventCount }, () => usageEvent(wallet));
    await publishUsageEvents(js, names, events);

    const killedAt: number[] = [];
    const thresholds = [
      randomBetween(300, 1_500),
      randomBetween(1_500, 3_000),
      randomBetween(3_000, 4_500),
    ];
    for (const threshold of thresholds) {
      const ledger = startLedgerProcess();
      await waitUntil(
        `the ledger has written ${threshold} rows`,
        async () => (await rows()) >= threshold,
        30_000,
      );
      ledger.kill('SIGKILL');
      await once(ledger, 'exit');
      killedAt.push(await rows());
      // Duplicates on purpose while it is down: the same Nats-Msg-Id (dropped by
      // JetStream) and without one (dropped by the ledger).
      const again = Array.from({ length: 200 }, () => events[randomBetween(0, eventCount)]!);
      await publishUsageEvents(js, names, again.slice(0, 50));
      await publishUsageEvents(js, names, again.slice(50), { msgId: false });
    }
    expect(killedAt.some((n) => n > 0 && n < eventCount)).toBe(true);

    const ledger = startLedgerProcess();
    await waitUntil(
      'every event is written and acknowledged',
      async () => (await rows()) === eventCount && (await consumerBacklog(nc, names)) === 0,
      30_000,
    );
    ledger.kill('SIGTERM');
    const [exitCode] = await once(ledger, 'exit');
    expect(exitCode).toBe(0);

    const costs = BigInt(events.reduce((sum, e) => sum + e.costMicros, 0));
    expect(await ledgerTotals(pool, wallet)).toEqual({
      rows: eventCount,
      costs,
      debits: costs,
      debitTransfers: eventCount,
      balance: BigInt(funding) - costs,
    });
    expect(await reconcile(pool, { orgId: wallet.orgId })).toMatchObject({
      ok: true,
      checked: { usageRecords: eventCount },
    });
    const systemAccounts = (await reconcile(pool)).balances.filter((b) => b.kind !== 'wallet');
    expect(systemAccounts).toEqual([]);
    expect(await verifyAuditChain(pool)).toMatchObject({ ok: true });
  }, 90_000);
});
