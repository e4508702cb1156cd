import { request } from 'node:http';
import { reconcile } from '@alfred/accounting';
import { SpendKeys } from '@alfred/spend-control';
import { Redis } from 'ioredis';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricedModelName, priceModel, withModel } from '../test-support/priced-model.ts';
import { startTestLedger } from '../test-support/test-ledger.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';
import { usageRecordsOnceWritten } from '../test-support/usage-records.ts';

const model = pricedModelName();
let stack: TestStack;
let ledger: { stop(): Promise<void> };

beforeAll(async () => {
  await priceModel(model);
  stack = await startTestStack({ configure: withModel(model, 200) });
  ledger = await startTestLedger();
});
afterAll(async () => {
  await ledger?.stop();
  await stack?.close();
});

const usageRows = (expected: number) =>
  usageRecordsOnceWritten(stack.database, stack.orgId, (rows) => rows.length >= expected, 15_000);

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.apiKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: JSON.stringify(body),
  });
}

const messages = [{ role: 'user', content: 'bill me precisely' }];

describe('billing through the whole path', () => {
  it('bills every answer once, at the cost the client was told, also for streams cut by either side', async () => {
    const told: Record<string, number> = {};
    for (let i = 0; i < 5; i++) {
      const res = await post({ model, messages: [{ role: 'user', content: `question ${i}` }] });
      expect(res.status).toBe(200);
      told[res.headers.get('x-request-id')!] = Number(res.headers.get('x-alfred-cost-micros'));
      await res.json();
    }
    const streamed = await post({
      model,
      messages,
      stream: true,
      stream_options: { include_usage: true },
    });
    const text = await streamed.text();
    const cost = /^: x-alfred-cost-micros=(\d+)$/m.exec(text);
    expect(cost).not.toBeNull();
    told[streamed.headers.get('x-request-id')!] = Number(cost![1]);

    // The provider cuts a stream midway: billed for the chunks the client got.
    stack.upstream.setBehavior({ fail: 'stream-cut' });
    const cut = await post({ model, messages, stream: true });
    const cutText = await cut.text();
    stack.upstream.setBehavior({ fail: null });
    const deliveredByUpstreamCut = cutText
      .split('\n\n')
      .filter(
        (e) => e.startsWith('data: {') && JSON.parse(e.slice(6)).choices?.[0]?.delta?.content,
      ).length;

    // The client walks away after the first bytes of a slow stream.
    stack.upstream.setBehavior({ tokensPerSecond: 20 });
    const cancelledId = await new Promise<string>((resolve) => {
      const req = request(`${stack.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      });
      req.on('response', (res) => {
        let seen = 0;
        res.on('data', (d: Buffer) => {
          seen += (d.toString().match(/"content":"[^"]+"/g) ?? []).length;
          if (seen >= 3) {
            req.destroy();
            resolve(res.headers['x-request-id'] as string);
          }
        });
      });
      req.on('error', () => {});
      req.end(JSON.stringify({ model, messages, stream: true }));
    });
    stack.upstream.setBehavior({ tokensPerSecond: 0 });

    const rows = await usageRows(8);
    expect(rows).toHaveLength(8);
    const byId = new Map(rows.map((r) => [r.requestId, r]));
    for (const [id, cost] of Object.entries(told)) {
      expect(byId.get(id)).toMatchObject({ costMicros: cost, outcome: 'success' });
    }
    const upstreamCut = rows.find((r) => r.outcome === 'upstream_interrupted')!;
    expect(upstreamCut.outputTokens).toBe(deliveredByUpstreamCut);
    const cancelled = byId.get(cancelledId)!;
    expect(cancelled.outcome).toBe('client_cancelled');
    expect(cancelled.outputTokens).toBeGreaterThanOrEqual(3);
    expect(cancelled.outputTokens).toBeLessThan(20);

    const report = await reconcile(stack.database, { orgId: stack.orgId });
    expect(report.ok).toBe(true);
    const balance = await stack.database.oneFirst(
      sql.type(
        z.object({ b: z.number() }),
      )`SELECT balance_micros::float8 AS b FROM accounts WHERE id = ${stack.walletAccountId}`,
    );
    expect(balance).toBe(1_000_000_000 - rows.reduce((sum, r) => sum + r.costMicros, 0));

    // Redis converges on the books once the ledger has posted and refreshed the wallet.
    const redis = new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379');
    try {
      const keys = new SpendKeys('alfred');
      const deadline = Date.now() + 5_000;
      let wallet: Record<string, string> = {};
      let unposted = -1;
      while (Date.now() < deadline) {
        wallet = await redis.hgetall(keys.wallet(stack.walletAccountId));
        unposted = await redis.hlen(keys.walletUnposted(stack.walletAccountId));
        if (unposted === 0 && Number(wallet.balance) === balance) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(unposted).toBe(0);
      expect(Number(wallet.balance)).toBe(balance);
      expect(Number(wallet.reserved)).toBe(0);
    } finally {
      redis.disconnect();
    }
  });
});
