import { sql } from 'slonik';
import { z } from 'zod';
import type { DatabasePool } from '../pool.ts';
import { generateApiKeySecret } from './api-key-secret.ts';

export const ApiKeyRecordSchema = z.object({
  id: z.string(),
  orgId: z.string(),
  teamId: z.string().nullable(),
  name: z.string(),
  displayPrefix: z.string(),
  status: z.enum(['active', 'revoked']),
  expiresAt: z.number().nullable(),
  allowedModels: z.array(z.string()).nullable(),
  rpmLimit: z.number().int().nullable(),
  tpmLimit: z.number().int().nullable(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;

const columns = sql.fragment`
  id, org_id AS "orgId", team_id AS "teamId", name, display_prefix AS "displayPrefix", status,
  (extract(epoch FROM expires_at) * 1000)::float8 AS "expiresAt",
  allowed_models AS "allowedModels", rpm_limit AS "rpmLimit", tpm_limit AS "tpmLimit"`;

export async function findApiKeyByHash(
  pool: DatabasePool,
  hash: Buffer,
): Promise<ApiKeyRecord | null> {
  return pool.maybeOne(
    sql.type(
      ApiKeyRecordSchema,
    )`SELECT ${columns} FROM api_keys WHERE key_hash = ${sql.binary(hash)}`,
  );
}

export interface CreateApiKeyInput {
  orgId: string;
  teamId?: string | null;
  name: string;
  expiresAt?: Date | null;
  allowedModels?: string[] | null;
  rpmLimit?: number | null;
  tpmLimit?: number | null;
}

/** Creates a key and returns it once, in clear; only its hash is stored. */
export async function createApiKey(
  pool: DatabasePool,
  input: CreateApiKeyInput,
): Promise<{ apiKey: string; record: ApiKeyRecord }> {
  const secret = generateApiKeySecret();
  const record = await pool.one(sql.type(ApiKeyRecordSchema)`
    INSERT INTO api_keys (org_id, team_id, name, key_hash, display_prefix, expires_at,
                          allowed_models, rpm_limit, tpm_limit)
    VALUES (${input.orgId}, ${input.teamId ?? null}, ${input.name}, ${sql.binary(secret.hash)},
            ${secret.displayPrefix},
            ${input.expiresAt ? sql.timestamp(input.expiresAt) : null},
            ${input.allowedModels ? sql.array(input.allowedModels, 'text') : null},
            ${input.rpmLimit ?? null}, ${input.tpmLimit ?? null})
    RETURNING ${columns}`);
  return { apiKey: secret.apiKey, record };
}

export async function revokeApiKey(pool: DatabasePool, keyId: string): Promise<boolean> {
  const result = await pool.query(sql.unsafe`
    UPDATE api_keys SET status = 'revoked', revoked_at = now()
    WHERE id = ${keyId} AND status = 'active'`);
  return result.rowCount > 0;
}
