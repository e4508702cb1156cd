import { ensureWallet, listPrices, nameBasedUuid, setPrice, topUp } from '@alfred/accounting';
import { createDatabasePool, ensureOrganization } from '@alfred/database';

const demoCreditsMicros = 100_000_000; // 100 credits

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
    for (const price of listPrices) await setPrice(pool, price);
  } finally {
    await pool.end();
  }
}
