import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'slonik';
import { pricedModelName, priceModel, withModel } from '../test-support/priced-model.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

// INGRESS_CREDITS=off: the gateway without its economy (and the benchmark's baseline).
const model = pricedModelName();
let stack: TestStack;

beforeAll(async () => {
  await priceModel(model);
  // An empty wallet: with credits on, every request would be refused with 429.
  stack = await startTestStack({
    configure: withModel(model, 200),
    creditsMicros: 1,
    credits: false,
  });
});
afterAll(async () => stack?.close());

describe('ingress with credits off', () => {
  it('serves a priced model from an empty wallet, without rate-limit headers or a charge', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'free of charge' }] }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-ratelimit-limit-requests')).toBeNull();
    expect(res.headers.get('x-alfred-cost-micros')).toBeNull();
    const body = (await res.json()) as { choices: unknown[] };
    expect(body.choices).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 300));
    const rows = await stack.database.oneFirst(
      sql.unsafe`SELECT count(*)::int FROM usage_records WHERE org_id = ${stack.orgId}`,
    );
    expect(rows).toBe(0);
  });
});
