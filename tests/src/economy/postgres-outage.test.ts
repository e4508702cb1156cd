import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrlFromEnv } from '@alfred/database';
import { pricedModelName, priceModel, withModel } from '../test-support/priced-model.ts';
import { startTcpFaultProxy, type TcpFaultProxy } from '../test-support/tcp-fault-proxy.ts';
import { startTestLedger } from '../test-support/test-ledger.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';
import { usageRecordsOnceWritten } from '../test-support/usage-records.ts';

// PostgreSQL unreachable: requests keep flowing on Redis (reservations) and on what ingress
// already holds (keys, prices, spending profiles); usage waits in JetStream and is written
// once PostgreSQL is back. Ingress reaches PostgreSQL through a proxy this test cuts.
const model = pricedModelName();
let proxy: TcpFaultProxy;
let stack: TestStack;
let ledger: { stop(): Promise<void> };

beforeAll(async () => {
  const real = new URL(databaseUrlFromEnv());
  proxy = await startTcpFaultProxy(real.hostname, Number(real.port || 5432));
  const proxied = new URL(real);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  await priceModel(model);
  stack = await startTestStack({
    configure: withModel(model, 100),
    ingressDatabaseUrl: proxied.toString(),
  });
  ledger = await startTestLedger();
});
afterAll(async () => {
  await ledger?.stop();
  await stack?.close();
  await proxy?.close();
});

async function ask(i: number, stream: boolean): Promise<{ id: string; cost: number }> {
  const res = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model,
      stream,
      messages: [{ role: 'user', content: `while the database is away ${i}` }],
    }),
  });
  const text = await res.text();
  expect(res.status, text).toBe(200);
  const cost = stream
    ? Number(/^: x-alfred-cost-micros=(\d+)$/m.exec(text)?.[1])
    : Number(res.headers.get('x-alfred-cost-micros'));
  expect(cost).toBeGreaterThan(0);
  return { id: res.headers.get('x-request-id')!, cost };
}

describe('PostgreSQL unreachable', () => {
  it('keeps serving billed requests, and the ledger writes each of them once when it returns', async () => {
    const told = new Map<string, number>();
    for (let i = 0; i < 3; i++) {
      const { id, cost } = await ask(i, false);
      told.set(id, cost);
    }

    proxy.cut();
    // Proof that ingress cannot reach PostgreSQL: a key it has never seen cannot be checked.
    const unknownKey = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: 'Bearer sk-alfred-not-seen-before',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(unknownKey.status).toBe(503);
    for (let i = 0; i < 30; i++) {
      const { id, cost } = await ask(100 + i, i % 3 === 0);
      told.set(id, cost);
    }
    proxy.restore();

    const rows = await usageRecordsOnceWritten(
      stack.database,
      stack.orgId,
      (written) => written.length >= told.size,
    );
    expect(rows).toHaveLength(told.size);
    for (const row of rows) expect(row.costMicros).toBe(told.get(row.requestId));
  });
});
