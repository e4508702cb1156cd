export { createDatabasePool, type DatabasePool } from './pool.ts';
export { databaseUrlFromEnv, defaultDatabaseUrl } from './database-url.ts';
export { migrate, migrationsDir } from './migrate.ts';
export { ensureOrganization } from './organizations.ts';
export { createTeam, type CreateTeamInput } from './teams.ts';
export { generateApiKeySecret, hashApiKey, displayPrefixOf } from './api-keys/api-key-secret.ts';
export {
  ApiKeyRecordSchema,
  createApiKey,
  findApiKeyByHash,
  revokeApiKey,
  type ApiKeyRecord,
  type CreateApiKeyInput,
} from './api-keys/api-key-store.ts';
export { ensureDemoApiKey } from './api-keys/demo-api-key.ts';
export {
  loadSpendingProfile,
  SpendingProfileSchema,
  type SpendingProfile,
  type SpendingSubject,
} from './spending/spending-profile.ts';
export { setBudgetLimit, type BudgetLimit } from './spending/budgets.ts';
export { readSpendSeeds, type SpendSeedRequest } from './spending/spend-seeds.ts';
export { readWalletSnapshot } from './spending/wallet-snapshot.ts';
