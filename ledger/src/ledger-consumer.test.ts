import { randomUUID } from 'node:crypto';
import { reconcile } from '@alfred/accounting';
import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { createLogger } from '@alfred/telemetry';
import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { Registry } from 'prom-client';
import { sql, type DatabasePool } from 'slonik';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LedgerConsumer } from './ledger-consumer.ts';
import { createLedgerMetrics, type LedgerMetrics } from './ledger-metrics.ts';
import { consumerBacklog, ledgerTotals } from './test-support/ledger-totals.ts';
import {
  createFundedWallet,
  isolatedStreamNames,
  publishUsageEvents,
  usageEvent,
  type FundedWallet,
} from './test-support/usage-fixtures.ts';
import { waitUntil } from './test-support/waiting.ts';
import { deleteUsageStream, ensureUsageStream, type UsageStreamNames } from '@alfred/usage-stream';

const funding = 10_000_000_000;
const log = createLogger('ledger-test', {
  level: process.env.DEBUG_LEDGER_TEST ? 'debug' : 'silent',
});
let nc: NatsConnection;
let js: JetStreamClient;
let pool: DatabasePool;
let names: UsageStreamNames;
const running: LedgerConsumer[] = [];

beforeAll(async () => {
  nc = await connect({ servers: process.env.NATS_URL || 'nats://127.0.0.1:4222' });
  js = jetstream(nc);
  pool = await createDatabasePool(databaseUrlFromEnv());
  names = isolatedStreamNames();
  await ensureUsageStream(nc, names, { ackWaitMs: 2_000 });
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((ledger) => ledger.stop()));
});
afterAll(async () => {
  await deleteUsageStream(nc, names.streamName);
  await nc.close();
  await pool.end();
});

function startLedger(options: { pool?: DatabasePool; batchSize?: number } = {}) {
  const metrics = createLedgerMetrics(new Registry());
  const ledger = LedgerConsumer.start({
    nc,
    pool: options.pool ?? pool,
    log,
    metrics,
    ...names,
    batchSize: options.batchSize ?? 200,
    retryDelayMs: 200,
  });
  running.push(ledger);
  return { ledger, metrics };
}

const count = async (metric: LedgerMetrics[keyof LedgerMetrics]) =>
  (await metric.get()).values.reduce((sum, v) => sum + v.value, 0);

async function drained(wallet: FundedWallet, rows: number) {
  await waitUntil(`${rows} usage rows are written and acknowledged`, async () => {
    const totals = await ledgerTotals(pool, wallet);
    const backlog = await consumerBacklog(nc, names);
    if (process.env.DEBUG_LEDGER_TEST) console.log(totals.rows, backlog);
    return totals.rows === rows && backlog === 0;
  });
  return ledgerTotals(pool, wallet);
}

describe('the ledger consumer', () => {
  it('writes every event once, with duplicates published on purpose', async () => {
    const wallet = await createFundedWallet(pool, funding);
    const { ledger, metrics } = startLedger();
    const events = Array.from({ length: 1_000 }, () => usageEvent(wallet));
    await publishUsageEvents(js, names, events);
    // Same Nats-Msg-Id inside the duplicate window: JetStream drops them.
    expect((await publishUsageEvents(js, names, events.slice(0, 100))).duplicates).toBe(100);
    // Without it (a publish retried after the window, say): the ledger drops them.
    await publishUsageEvents(js, names, events.slice(100, 300), { msgId: false });

    const totals = await drained(wallet, 1_000);
    const costs = events.reduce((sum, e) => sum + e.costMicros, 0);
    expect(totals).toEqual({
      rows: 1_000,
      costs: BigInt(costs),
      debits: BigInt(costs),
      debitTransfers: 1_000,
      balance: BigInt(funding - costs),
    });
    expect(await count(metrics.eventsWritten)).toBe(1_000);
    expect(await count(metrics.duplicateEvents)).toBe(200);
    expect(ledger.healthy).toBe(true);
    expect((await reconcile(pool, { orgId: wallet.orgId })).ok).toBe(true);
  });

  it('sets invalid and refused events aside without holding back the rest', async () => {
    const wallet = await createFundedWallet(pool, funding);
    const { metrics } = startLedger();
    const valid = Array.from({ length: 50 }, () => usageEvent(wallet));
    const refused = usageEvent(wallet, { accountId: randomUUID() }); // no such wallet
    const tooManyTokens = usageEvent(wallet, {
      tokens: { input: 2 ** 40, output: 0, cachedInput: 0 },
    });
    await publishUsageEvents(js, names, [
      'not json',
      JSON.stringify({ ...valid[0], v: 2, requestId: 'bad-version' }),
      ...valid.slice(0, 25),
      refused,
      tooManyTokens,
      ...valid.slice(25),
    ]);
    const totals = await drained(wallet, 50);
    expect(totals.debits).toBe(BigInt(valid.reduce((sum, e) => sum + e.costMicros, 0)));
    expect(await count(metrics.rejectedEvents)).toBe(4);
  });

  it('several ledgers share the consumer, and each event is written once', async () => {
    const wallet = await createFundedWallet(pool, funding);
    const ledgers = [startLedger({ batchSize: 50 }), startLedger({ batchSize: 70 }), startLedger()];
    const events = Array.from({ length: 1_500 }, () => usageEvent(wallet));
    await publishUsageEvents(js, names, events);
    await publishUsageEvents(js, names, events.slice(0, 500), { msgId: false });
    const totals = await drained(wallet, 1_500);
    expect(totals.debitTransfers).toBe(1_500);
    expect(totals.debits).toBe(totals.costs);
    const written = await Promise.all(ledgers.map(({ metrics }) => count(metrics.eventsWritten)));
    expect(written.reduce((a, b) => a + b, 0)).toBe(1_500);
  });

  it('keeps going while PostgreSQL drops its connections, and loses nothing', async () => {
    const wallet = await createFundedWallet(pool, funding);
    const applicationName = `ledger-test-${randomUUID()}`;
    const url = new URL(databaseUrlFromEnv());
    url.searchParams.set('application_name', applicationName);
    const flakyPool = await createDatabasePool(url.toString(), { maximumPoolSize: 2 });
    const { ledger, metrics } = startLedger({ pool: flakyPool, batchSize: 100 });
    const events = Array.from({ length: 2_000 }, () => usageEvent(wallet));

    let terminations = 0;
    const killer = setInterval(() => {
      void pool
        .anyFirst(
          sql.unsafe`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                     WHERE application_name = ${applicationName}`,
        )
        .then((killed) => (terminations += killed.length));
    }, 40);
    for (let i = 0; i < events.length; i += 200) {
      await publishUsageEvents(js, names, events.slice(i, i + 200));
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await waitUntil('the database connections were dropped a few times', () => terminations >= 3);
    clearInterval(killer);

    const totals = await drained(wallet, 2_000);
    expect(totals.debitTransfers).toBe(2_000);
    expect(totals.debits).toBe(totals.costs);
    expect(await count(metrics.failedBatches)).toBeGreaterThan(0);
    await waitUntil('the ledger reports itself healthy again', () => ledger.healthy);
    await ledger.stop();
    await flakyPool.end();
  });

  it('stops after the batch in hand, leaving the rest in JetStream', async () => {
    const wallet = await createFundedWallet(pool, funding);
    const { ledger } = startLedger({ batchSize: 10 });
    await publishUsageEvents(
      js,
      names,
      Array.from({ length: 500 }, () => usageEvent(wallet)),
    );
    await waitUntil(
      'some rows are written',
      async () => (await ledgerTotals(pool, wallet)).rows > 0,
    );
    await ledger.stop();
    const written = (await ledgerTotals(pool, wallet)).rows;
    const backlog = await consumerBacklog(nc, names);
    expect(written + backlog).toBe(500);
    // Nothing was left unacknowledged: what remains waits to be delivered.
    const info = await (
      await import('@nats-io/jetstream')
    )
      .jetstreamManager(nc)
      .then((jsm) => jsm.consumers.info(names.streamName, names.consumerName));
    expect(info.num_ack_pending).toBe(0);
    startLedger();
    await drained(wallet, 500);
  });
});
