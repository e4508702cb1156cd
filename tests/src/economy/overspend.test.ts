import { randomUUID } from 'node:crypto';
import { createApiKey } from '@alfred/database';
import { sql } from 'slonik';
import { z } from 'zod';
import { startIngress, ingressSettingsFromEnv } from '@alfred/ingress';
import { createLogger } from '@alfred/telemetry';
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
  return settled.map((r, i) => ({
    status: r.status,
    code: bodies[i]!.error?.code,
    cost: Number(r.headers.get('x-alfred-cost-micros') ?? 0),
  }));
}

describe('a wallet that covers 10 requests', () => {
  it('spends no more than the wallet holds over 200 concurrent requests from two ingress processes, refusing the rest with insufficient_quota', async () => {
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
      // At least the 10 worst cases fit; a few more may, once answers that cost less than
      // their worst case have given the rest back. Never more than the wallet holds (below).
      expect(ok.length).toBeGreaterThanOrEqual(10);
      expect(ok.length + refused.length).toBe(200);
      expect(results.reduce((sum, r) => sum + r.cost, 0)).toBeLessThanOrEqual(10 * worstCaseMicros);
      expect(new Set(refused.map((r) => r.code))).toEqual(new Set(['insufficient_quota']));
      const metrics = await (await fetch(`${stack.url}/metrics`)).text();
      const rejects =
        /^alfred_reservation_rejects_total\{[^}]*code="insufficient_quota"[^}]*\} (\d+)$/m.exec(
          metrics,
        );
      expect(Number(rejects?.[1])).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });
});

describe('a team budget shared by five keys that covers 10 requests', () => {
  it('spends no more than the team budget over 200 concurrent requests from two ingress processes, though the wallet holds more', async () => {
    // An organization whose wallet holds 1,000 worst cases: only the team budget can refuse.
    const teamStack = await startTestStack({
      configure: withModel(model, 50),
      creditsMicros: 1_000 * worstCaseMicros,
      workerConcurrency: 256,
    });
    const second = await startIngress(
      { ...ingressSettingsFromEnv(), port: 0, processId: `i3${randomUUID().slice(0, 8)}` },
      teamStack.config,
      createLogger('test', { level: 'silent' }),
    );
    try {
      const teamId = await teamStack.database.oneFirst(sql.type(z.object({ id: z.string() }))`
        INSERT INTO teams (org_id, name) VALUES (${teamStack.orgId}, 'shared budget')
        RETURNING id`);
      await teamStack.database.query(sql.unsafe`
        INSERT INTO budgets (scope, scope_id, period, limit_micros)
        VALUES ('team', ${teamId}, 'total', ${10 * worstCaseMicros})`);
      const keys = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          createApiKey(teamStack.database, { orgId: teamStack.orgId, teamId, name: `k${i}` }),
        ),
      );
      const results = await statuses(
        Array.from({ length: 200 }, (_, i) =>
          chat(i % 2 ? second.url : teamStack.url, keys[i % 5]!.apiKey),
        ),
      );
      const ok = results.filter((r) => r.status === 200);
      expect(ok.length).toBeGreaterThanOrEqual(10);
      expect(ok.length).toBeLessThan(200);
      expect(results.reduce((sum, r) => sum + r.cost, 0)).toBeLessThanOrEqual(10 * worstCaseMicros);
      const refused = results.filter((r) => r.status !== 200);
      expect(new Set(refused.map((r) => `${r.status} ${r.code}`))).toEqual(
        new Set(['429 insufficient_quota']),
      );
    } finally {
      await second.close();
      await teamStack.close();
    }
  });
});
