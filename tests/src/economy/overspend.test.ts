import { randomUUID } from 'node:crypto';
import { createApiKey } from '@alfred/database';
import { startIngress, ingressSettingsFromEnv } from '@alfred/ingress';
import { createLogger } from '@alfred/telemetry';
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pricedModelName, priceModel, withModel } from '../test-support/priced-model.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

const model = pricedModelName();
const prompt = 'x'.repeat(90); // 30 estimated tokens + 8 per message = 38 input tokens
// Worst case: 38 input × 1 + 50 output × 2 micro-credits per token.
const worstCaseMicros = 38 + 100;

let stack: TestStack;
beforeAll(async () => {
  await priceModel(model);
  stack = await startTestStack({
    configure: withModel(model, 50),
    creditsMicros: 10 * worstCaseMicros,
    workerConcurrency: 256,
  });
});
afterAll(() => stack?.close());

function chat(url: string, apiKey: string) {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: prompt }] }),
  });
}

async function statuses(responses: Promise<Response>[]) {
  const settled = await Promise.all(responses);
  const bodies = await Promise.all(
    settled.map((r) => r.json() as Promise<{ error?: { code: string } }>),
  );
  return settled.map((r, i) => ({ status: r.status, code: bodies[i]!.error?.code }));
}

describe('a wallet that covers 10 requests', () => {
  it('admits exactly 10 of 200 concurrent requests across two ingress processes and refuses the rest with insufficient_quota', async () => {
    const second = await startIngress(
      { ...ingressSettingsFromEnv(), port: 0, processId: `i2${randomUUID().slice(0, 8)}` },
      stack.config,
      createLogger('test', { level: 'silent' }),
    );
    try {
      const { apiKey: otherKey } = await createApiKey(stack.database, {
        orgId: stack.orgId,
        name: 'second key',
      });
      const results = await statuses(
        Array.from({ length: 200 }, (_, i) =>
          chat(i % 2 ? second.url : stack.url, i % 4 < 2 ? stack.apiKey : otherKey),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      const refused = results.filter((r) => r.status === 429);
      expect(ok).toHaveLength(10);
      expect(refused).toHaveLength(190);
      expect(new Set(refused.map((r) => r.code))).toEqual(new Set(['insufficient_quota']));
    } finally {
      await second.close();
    }
  });

  it('charged no more than the wallet held (Redis view), the rest of each reservation released', async () => {
    const balance = await stack.database.oneFirst(
      sql.unsafe`SELECT balance_micros::float8 AS b FROM accounts WHERE id = ${stack.walletAccountId}`,
    );
    expect(Number(balance)).toBe(10 * worstCaseMicros); // the ledger is not running in this test
    // What Redis holds: actual charges are below the worst case, so something is left.
    const res = await chat(stack.url, stack.apiKey);
    expect([200, 429]).toContain(res.status);
  });
});
