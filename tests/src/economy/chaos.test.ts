import { reconcile, verifyAuditChain, type AuditChainCheckpoint } from '@alfred/accounting';
import { usageSubject } from '@alfred/contracts';
import { jetstream } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricedModelName, priceModel, withModel } from '../test-support/priced-model.ts';
import {
  spawnLedger,
  spawnWorker,
  writeConfigFile,
  type ServiceProcess,
} from '../test-support/service-processes.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

/**
 * Requests keep flowing while the ledger is SIGKILLed and restarted at random moments, a
 * worker is SIGKILLed in the middle of streams, and usage events are published twice on
 * purpose. Afterwards the books must be exact.
 */
const totalRequests = Number(process.env.CHAOS_REQUESTS ?? 5_000);
const concurrency = 50;
const credits = 1_000_000_000;
const model = pricedModelName();

let stack: TestStack;
let nc: NatsConnection;
let checkpoint: AuditChainCheckpoint | undefined;
const processes = new Set<ServiceProcess>();

beforeAll(async () => {
  await priceModel(model);
  stack = await startTestStack({
    workers: 0,
    configure: withModel(model, 40),
    upstreamTimeoutMs: 5_000,
    creditsMicros: credits,
  });
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  const head = await stack.database.maybeOne(
    sql.type(z.object({ seq: z.number(), hash: z.string() }))`
      SELECT seq::float8 AS seq, encode(hash, 'hex') AS hash FROM audit_log ORDER BY seq DESC LIMIT 1`,
  );
  checkpoint = head ?? undefined;
}, 60_000);
afterAll(async () => {
  await Promise.all([...processes].map((p) => p.kill()));
  await nc?.close();
  await stack?.close();
});

function track(p: ServiceProcess): ServiceProcess {
  processes.add(p);
  return p;
}

const random = (() => {
  let state = 20261126;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
})();

async function oneRequest(i: number, told: Map<string, number>): Promise<void> {
  const stream = i % 2 === 0;
  const res = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, stream, messages: [{ role: 'user', content: `chaos ${i}` }] }),
  }).catch(() => undefined);
  if (!res) return;
  const id = res.headers.get('x-request-id') ?? '';
  const text = await res.text().catch(() => '');
  if (res.status !== 200) return;
  const cost = stream
    ? /^: x-alfred-cost-micros=(\d+)$/m.exec(text)?.[1]
    : res.headers.get('x-alfred-cost-micros');
  if (cost !== undefined && cost !== null) told.set(id, Number(cost));
}

describe('chaos', () => {
  it('keeps the books exact through ledger and worker crashes and duplicate events', async () => {
    stack.upstream.setBehavior({ tokensPerSecond: 400 });
    const configPath = await writeConfigFile(stack.config);
    const workers = [
      track(spawnWorker(configPath, stack.pool)),
      track(spawnWorker(configPath, stack.pool)),
    ];
    let ledger = track(spawnLedger());
    // Copies of every usage event of this organization, to publish again on purpose.
    const seen: { data: Uint8Array; id: string }[] = [];
    nc.subscribe(usageSubject(stack.orgId), {
      callback: (_e, msg) => {
        seen.push({ data: msg.data, id: msg.headers?.get('Nats-Msg-Id') ?? '' });
      },
    });
    await waitForPool();

    const told = new Map<string, number>();
    let next = 0;
    let done = false;
    const load = Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < totalRequests) await oneRequest(next++, told);
      }),
    ).finally(() => (done = true));

    const js = jetstream(nc);
    let workerKilled = false;
    while (!done) {
      await sleep(500 + random() * 1_500);
      if (done) break;
      await ledger.kill('SIGKILL');
      processes.delete(ledger);
      await sleep(100 + random() * 400);
      ledger = track(spawnLedger());
      if (!workerKilled && next > totalRequests * 0.4) {
        workerKilled = true;
        await workers[0]!.kill('SIGKILL'); // streams in flight on it are cut
        workers.push(track(spawnWorker(configPath, stack.pool)));
      }
      for (const copy of seen.splice(0, 20)) {
        // Twice: once with its Nats-Msg-Id (dropped by JetStream), once without (dropped by the ledger).
        await js.publish(usageSubject(stack.orgId), copy.data, { msgID: copy.id });
        await js.publish(usageSubject(stack.orgId), copy.data);
      }
    }
    await load;
    expect(workerKilled).toBe(true);
    expect(told.size).toBeGreaterThan(totalRequests * 0.8);

    // Every request a client was told a cost for has exactly one usage row at that cost,
    // and nothing else was billed.
    const rows = await waitForRows(told.size);
    expect(rows.length).toBe(told.size);
    for (const row of rows) expect(told.get(row.requestId), row.requestId).toBe(row.costMicros);
    const toldTotal = [...told.values()].reduce((a, b) => a + b, 0);
    const debits = await stack.database.oneFirst(sql.type(z.object({ s: z.number() }))`
        SELECT coalesce(sum(amount_micros), 0)::float8 AS s FROM transfers
        WHERE debit_account_id = ${stack.walletAccountId} AND kind = 'usage'`);
    expect(debits).toBe(toldTotal);
    const balance = await stack.database.oneFirst(sql.type(z.object({ b: z.number() }))`
        SELECT balance_micros::float8 AS b FROM accounts WHERE id = ${stack.walletAccountId}`);
    expect(balance).toBe(credits - toldTotal);
    expect(balance).toBeGreaterThanOrEqual(0);
    expect((await reconcile(stack.database, { orgId: stack.orgId })).ok).toBe(true);

    const verdict = await verifyAuditChain(stack.database, checkpoint ? { after: checkpoint } : {});
    expect(verdict.ok).toBe(true);
    await expectTamperingNamed(rows[Math.floor(rows.length / 2)]!.requestId);
  }, 240_000);
});

async function waitForPool(): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if ((await fetch(`${stack.url}/ready`)).status === 200) return;
    await sleep(100);
  }
  throw new Error('the worker processes never became ready');
}

const Row = z.object({ requestId: z.string(), costMicros: z.number() });
async function waitForRows(expected: number) {
  // A killed ledger's batch is redelivered after the consumer's ack wait (30 s).
  const deadline = Date.now() + 90_000;
  let rows: readonly z.infer<typeof Row>[] = [];
  while (Date.now() < deadline) {
    rows = await stack.database.any(sql.type(Row)`
      SELECT request_id AS "requestId", cost_micros::float8 AS "costMicros"
      FROM usage_records WHERE org_id = ${stack.orgId}`);
    if (rows.length >= expected) {
      await sleep(2_000); // and nothing more arrives
      return stack.database.any(sql.type(Row)`
        SELECT request_id AS "requestId", cost_micros::float8 AS "costMicros"
        FROM usage_records WHERE org_id = ${stack.orgId}`);
    }
    await sleep(500);
  }
  return rows;
}

/** Alters one audit record in a transaction that is rolled back: verify must name it. */
async function expectTamperingNamed(requestId: string): Promise<void> {
  const rolledBack = new Error('rolled back on purpose');
  await stack.database
    .transaction(async (tx) => {
      const target = await tx.one(sql.type(z.object({ seq: z.number(), id: z.string() }))`
        SELECT seq::float8 AS seq, id FROM audit_log WHERE payload->>'requestId' = ${requestId} ORDER BY seq LIMIT 1`);
      await tx.query(sql.unsafe`SET LOCAL session_replication_role = replica`);
      await tx.query(sql.unsafe`
        UPDATE audit_log SET payload = jsonb_set(payload, '{tampered}', 'true') WHERE seq = ${target.seq}`);
      const verdict = await verifyAuditChain(tx, checkpoint ? { after: checkpoint } : {});
      expect(verdict).toMatchObject({ ok: false, firstBadSeq: target.seq, firstBadId: target.id });
      throw rolledBack;
    })
    .catch((error: unknown) => {
      if (error !== rolledBack) throw error;
    });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
