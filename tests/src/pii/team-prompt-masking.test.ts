import { createApiKey } from '@alfred/database';
import { sql } from 'slonik';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

// A team whose policy masks PII: its prompts reach the provider with placeholders; another
// team's prompts reach it unchanged.
const maskingTeam = '00000000-0000-4000-8000-00000000a11f';
let stack: TestStack;
let maskedKey: string;

beforeAll(async () => {
  stack = await startTestStack({
    configure: (config) => ({
      ...config,
      teamPolicies: { [maskingTeam]: { pii: { maskPromptPii: true } } },
    }),
  });
  await stack.database.query(sql.unsafe`
    INSERT INTO teams (id, org_id, name) VALUES (${maskingTeam}, ${stack.orgId}, 'masked')
    ON CONFLICT (id) DO NOTHING`);
  ({ apiKey: maskedKey } = await createApiKey(stack.database, {
    orgId: stack.orgId,
    teamId: maskingTeam,
    name: 'masked team key',
  }));
});
afterAll(() => stack?.close());

const prompt = 'Mail jane.doe@example.com, card 4111 1111 1111 1111, about the invoice.';

async function providerSaw(apiKey: string): Promise<string> {
  const res = await fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] }),
  });
  expect(res.status).toBe(200);
  await res.json();
  const body = z
    .object({ messages: z.array(z.object({ content: z.string() })) })
    .parse(stack.upstream.stats.lastRequest?.body);
  return body.messages[0]!.content;
}

describe("a team's PII policy", () => {
  it('masks PII in the prompt before the provider sees it', async () => {
    const seen = await providerSaw(maskedKey);
    expect(seen).not.toContain('jane.doe@example.com');
    expect(seen).not.toContain('4111 1111 1111 1111');
    expect(seen).toContain('[EMAIL]');
    expect(seen).toContain('[CARD]');
    expect(seen).toContain('about the invoice');
  });

  it('leaves the prompts of a team without the policy as they are', async () => {
    expect(await providerSaw(stack.apiKey)).toBe(prompt);
  });
});
