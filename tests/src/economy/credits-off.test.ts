import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { z } from 'zod';
import { pricedModelName, priceModel, withModel } from '../test-support/priced-model.ts';
import { startTestLedger } from '../test-support/test-ledger.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';
import { usageRecordsOf, usageRecordsOnceWritten } from '../test-support/usage-records.ts';

// INGRESS_CREDITS=off (the gateway without its economy) and =meter (usage recorded and
// debited, nothing reserved or refused): the benchmark's two baselines.
const model = pricedModelName();
let off: TestStack;
let metered: TestStack;
let ledger: { stop(): Promise<void> };

beforeAll(async () => {
  await priceModel(model);
  ledger = await startTestLedger();
  // Empty wallets: with credits on, every request would be refused with 429.
  [off, metered] = await Promise.all([
    startTestStack({ configure: withModel(model, 200), creditsMicros: 1, credits: 'off' }),
    startTestStack({ configure: withModel(model, 200), creditsMicros: 1, credits: 'meter' }),
  ]);
});
afterAll(async () => Promise.all([off?.close(), metered?.close(), ledger?.stop()]));

function chat(stack: TestStack, content: string) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content }] }),
  });
}

describe('ingress with credits off', () => {
  it('serves a priced model from an empty wallet, without rate-limit headers or a charge', async () => {
    const res = await chat(off, 'free of charge');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit-requests')).toBeNull();
    expect(res.headers.get('x-alfred-cost-micros')).toBeNull();
    const body = (await res.json()) as { choices: unknown[] };
    expect(body.choices).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await usageRecordsOf(off.database, off.orgId)).toEqual([]);
  });
});

describe('ingress with credits metered', () => {
  it('serves from an empty wallet and debits what each request cost, below the floor', async () => {
    const answers = await Promise.all([chat(metered, 'one'), chat(metered, 'two')]);
    expect(answers.map((res) => res.status)).toEqual([200, 200]);
    expect(answers[0]!.headers.get('x-ratelimit-limit-requests')).toBeNull();
    const told = answers.map((res) => Number(res.headers.get('x-alfred-cost-micros')));
    expect(told.every((cost) => cost > 0)).toBe(true);

    const rows = await usageRecordsOnceWritten(
      metered.database,
      metered.orgId,
      (written) => written.length >= 2,
    );
    expect(rows.map((row) => row.requestId).sort()).toEqual(
      answers.map((res) => res.headers.get('x-request-id')).sort(),
    );
    expect(rows.reduce((sum, row) => sum + row.costMicros, 0)).toBe(told[0]! + told[1]!);
    const balance = await metered.database.oneFirst(sql.type(z.object({ balance: z.number() }))`
      SELECT balance_micros::float8 AS balance FROM accounts WHERE id = ${metered.walletAccountId}`);
    expect(balance).toBe(1 - told[0]! - told[1]!);
  });
});
