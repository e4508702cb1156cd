import { randomBytes } from 'node:crypto';
import { setPrice } from '@alfred/accounting';
import type { GatewayConfigInput } from '@alfred/contracts';
import { createDatabasePool, databaseUrlFromEnv } from '@alfred/database';

/**
 * A model name no other test uses, served by the fake's OpenAI deployment, so a test can
 * price it without changing what other test files (running in parallel) pay.
 */
export function pricedModelName(): string {
  return `priced-${randomBytes(5).toString('hex')}`;
}

export function withModel(name: string, maxOutputTokens = 50) {
  return (config: GatewayConfigInput): GatewayConfigInput => ({
    ...config,
    models: [
      ...config.models,
      { name, deployments: ['fake-gpt-4o-mini'], pool: config.models[0]!.pool, maxOutputTokens },
    ],
  });
}

/**
 * 1 credit per million input tokens and 2 per million output tokens. Set it before the
 * stack starts: ingress reads prices at start and then every 30 seconds.
 */
export async function priceModel(model: string) {
  const database = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 1 });
  try {
    return await setPrice(database, {
      model,
      input: 1_000_000,
      output: 2_000_000,
      cachedInput: 500_000,
      effectiveFrom: Date.now() - 60_000,
    });
  } finally {
    await database.end();
  }
}
