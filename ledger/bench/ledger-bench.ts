/**
 * `npm run bench:ledger`: how many usage events per second the ledger writes into
 * PostgreSQL. Publishes BENCH_LEDGER_EVENTS events (default 50,000) to a stream of its own,
 * then starts the ledger as a child process (`node ledger/src/main.ts`, as in production)
 * and times the usage rows appearing, from the first to the last. Prints a table.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql } from 'slonik';
import { z } from 'zod';
import {
  createFundedWallet,
  isolatedStreamNames,
  publishUsageEvents,
  usageEvent,
} from '../src/test-support/usage-fixtures.ts';
import { deleteUsageStream, ensureUsageStream } from '@alfred/usage-stream';

const eventCount = Number(process.env.BENCH_LEDGER_EVENTS ?? 50_000);
const batchSize = Number(process.env.BENCH_LEDGER_BATCH ?? 1_000);
const natsUrl = process.env.NATS_URL || 'nats://127.0.0.1:4222';
const target = 5_000;

const pool = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 2 });
const nc = await connect({ servers: natsUrl, name: 'ledger-bench' });
const names = isolatedStreamNames();
await ensureUsageStream(nc, names);
const wallet = await createFundedWallet(pool, 1_000_000_000_000, 'ledger benchmark');

const events = Array.from({ length: eventCount }, () => usageEvent(wallet));
const publishStart = performance.now();
await publishUsageEvents(jetstream(nc), names, events, { inFlight: 2_000 });
const publishSeconds = (performance.now() - publishStart) / 1000;

const ledgerMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ledger = spawn(process.execPath, [ledgerMain], {
  env: {
    ...process.env,
    LEDGER_STREAM: names.streamName,
    LEDGER_SUBJECTS: names.subjects,
    LEDGER_CONSUMER: names.consumerName,
    LEDGER_METRICS_PORT: '0',
    LEDGER_BATCH_SIZE: String(batchSize),
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

const rowCount = () =>
  pool.oneFirst(
    sql.type(z.object({ n: z.number() }))`
      SELECT count(*)::int4 AS n FROM usage_records WHERE org_id = ${wallet.orgId}`,
  );
let first: { at: number; cpu: number; machine: MachineCpu } | null = null;
let last: { at: number; cpu: number; machine: MachineCpu } | null = null;
const deadline = Date.now() + 300_000;
while (Date.now() < deadline) {
  const n = await rowCount();
  const sample = {
    at: performance.now(),
    cpu: processCpuSeconds(ledger.pid!),
    machine: machineCpu(),
  };
  if (n > 0 && !first) first = sample;
  if (n >= eventCount) {
    last = sample;
    break;
  }
  await sleep(first ? 50 : 10);
}
ledger.kill('SIGTERM');
await once(ledger, 'exit');

const debits = await pool.one(
  sql.type(z.object({ usage: z.bigint(), debited: z.bigint() }))`
    SELECT (SELECT coalesce(sum(cost_micros), 0) FROM usage_records WHERE org_id = ${wallet.orgId})::int8 AS usage,
           (SELECT coalesce(sum(amount_micros), 0) FROM transfers
            WHERE kind = 'usage' AND debit_account_id = ${wallet.accountId})::int8 AS debited`,
);
await deleteUsageStream(nc, names.streamName);
await nc.close();
await pool.end();

if (!first || !last) {
  console.error(`the ledger did not write ${eventCount} rows within 5 minutes`);
  process.exit(1);
}
const seconds = (last.at - first.at) / 1000;
const rate = (eventCount - 0) / seconds;
const cpuSeconds = last.cpu - first.cpu;
const machineBusy =
  1 - (last.machine.idle - first.machine.idle) / (last.machine.total - first.machine.total);
console.table({
  events: eventCount,
  'batch size': batchSize,
  'published in (s)': publishSeconds.toFixed(2),
  'written in (s)': seconds.toFixed(2),
  'events/s': Math.round(rate),
  [`target ≥ ${target}/s`]: rate >= target ? 'met' : 'MISSED',
  'ledger CPU (s)': cpuSeconds.toFixed(2),
  'ledger CPU (% of one core)': ((cpuSeconds / seconds) * 100).toFixed(0),
  'ledger CPU per event (µs)': ((cpuSeconds / eventCount) * 1e6).toFixed(1),
  'machine CPU busy (%, all cores)': (machineBusy * 100).toFixed(0),
  'sum of costs = sum of debits':
    debits.usage === debits.debited ? 'yes' : `NO (${debits.usage} ≠ ${debits.debited})`,
});
process.exit(rate >= target && debits.usage === debits.debited ? 0 : 1);

/** User + system CPU seconds of a process (Linux /proc). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of the line, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

interface MachineCpu {
  idle: number;
  total: number;
}

function machineCpu(): MachineCpu {
  const ticks = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]!
    .split(/\s+/)
    .slice(1)
    .map(Number);
  return { idle: ticks[3]! + ticks[4]!, total: ticks.reduce((a, b) => a + b, 0) };
}
