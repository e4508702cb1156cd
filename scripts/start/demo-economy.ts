import { ensureWallet, nameBasedUuid, setPrice, topUp } from '@alfred/accounting';
import { createDatabasePool, ensureOrganization } from '@alfred/database';

/** What the demo models cost, in micro-credits per million tokens (OpenAI's list prices in $). */
const demoPrices = [
  { model: 'gpt-4o-mini', input: 150_000, output: 600_000, cachedInput: 75_000 },
  { model: 'text-embedding-3-small', input: 20_000, output: 0, cachedInput: 0 },
];
const demoCreditsMicros = 100_000_000; // 100 credits
/** Fixed, so a second `npm start` finds the same prices and top-up and adds nothing. */
const pricesFrom = Date.UTC(2026, 0, 1);

/**
 * The demo organization's wallet with 100 credits and prices for the demo models, so the
 * printed curl is billed like any real request. Idempotent. Runs before ingress starts,
 * which reads prices at start.
 */
export async function ensureDemoEconomy(databaseUrl: string): Promise<void> {
  const pool = await createDatabasePool(databaseUrl, { maximumPoolSize: 1 });
  try {
    const orgId = await ensureOrganization(pool, 'demo', 'Demo organization');
    const walletId = await ensureWallet(pool, { orgId });
    await topUp(pool, {
      id: nameBasedUuid('demo-organization-first-top-up'),
      accountId: walletId,
      amountMicros: demoCreditsMicros,
      memo: 'demo credits from npm start',
      actor: 'npm start',
    });
    for (const price of demoPrices) await setPrice(pool, { ...price, effectiveFrom: pricesFrom });
  } finally {
    await pool.end();
  }
}
