import { z } from 'zod';

/**
 * The gateway's configuration file (YAML or JSON): which providers exist, which
 * deployments of upstream models they serve, and the model names clients use.
 * Secrets never appear here: a provider names the environment variable that holds
 * its credential.
 */

export const ProviderTypeSchema = z.enum([
  'openai',
  'azure-openai',
  'anthropic',
  'gemini',
  'ollama',
]);
export type ProviderType = z.infer<typeof ProviderTypeSchema>;

const id = z.string().regex(/^[A-Za-z0-9_.:-]+$/, 'use letters, digits, _ . : and -');

export const ProviderConfigSchema = z.strictObject({
  type: ProviderTypeSchema,
  baseUrl: z.url(),
  /** Name of the environment variable holding the credential (never the credential itself). */
  apiKeyEnv: z.string().optional(),
  /** Azure OpenAI `api-version` query parameter. */
  apiVersion: z.string().optional(),
  /** Extra headers sent upstream on every call (non-secret: they may be logged). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Upper bound of open connections to this provider per worker process. */
  connections: z.number().int().positive().default(128),
});
export type ProviderConfig = z.infer<typeof ProviderConfigSchema>;

export const TimeoutsSchema = z.strictObject({
  connectMs: z.number().int().positive().default(5_000),
  totalMs: z.number().int().positive().default(600_000),
});

export const DeploymentConfigSchema = z.strictObject({
  id,
  provider: z.string(),
  /** The model name the provider knows (for Azure: the deployment name). */
  model: z.string().min(1),
  timeouts: TimeoutsSchema.default({ connectMs: 5_000, totalMs: 600_000 }),
});
export type DeploymentConfig = z.infer<typeof DeploymentConfigSchema>;

export const ModelKindSchema = z.enum(['chat', 'embeddings']);

/**
 * What admission does when Redis (reservations, rate limits) is unreachable. `refuse` is
 * the default: no request is served unbilled. `admit-with-local-cap` serves up to a hard
 * cap per ingress process per minute; the ledger still bills those requests, so the wallet
 * can be overdrawn by at most cap × ingress processes × minutes of outage.
 */
export const RedisOutagePolicySchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('refuse') }),
  z.strictObject({
    mode: z.literal('admit-with-local-cap'),
    maxRequestsPerMinute: z.number().int().positive(),
    maxCostMicrosPerMinute: z.number().int().nonnegative(),
  }),
]);
export type RedisOutagePolicy = z.infer<typeof RedisOutagePolicySchema>;

export const ModelConfigSchema = z.strictObject({
  /** The name clients send in `model`. */
  name: z.string().min(1).max(256),
  kind: ModelKindSchema.default('chat'),
  /** Deployments that serve it, in order of preference. */
  deployments: z.array(z.string()).min(1),
  pool: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default('default'),
  ownedBy: z.string().default('alfred'),
  /** Output tokens reserved for a request that sets no max_tokens (the worst case it can cost). */
  maxOutputTokens: z.number().int().positive().default(4096),
  whenRedisIsDown: RedisOutagePolicySchema.default({ mode: 'refuse' }),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

export const GatewayConfigSchema = z
  .strictObject({
    providers: z.record(id, ProviderConfigSchema),
    deployments: z.array(DeploymentConfigSchema).min(1),
    models: z.array(ModelConfigSchema).min(1),
  })
  .superRefine((config, ctx) => {
    const deploymentIds = new Set<string>();
    config.deployments.forEach((d, i) => {
      if (deploymentIds.has(d.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deployments', i, 'id'],
          message: `duplicate deployment id '${d.id}'`,
        });
      }
      deploymentIds.add(d.id);
      if (!(d.provider in config.providers)) {
        ctx.addIssue({
          code: 'custom',
          path: ['deployments', i, 'provider'],
          message: `unknown provider '${d.provider}'`,
        });
      }
    });
    const modelNames = new Set<string>();
    config.models.forEach((m, i) => {
      if (modelNames.has(m.name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['models', i, 'name'],
          message: `duplicate model name '${m.name}'`,
        });
      }
      modelNames.add(m.name);
      m.deployments.forEach((d, j) => {
        if (!deploymentIds.has(d)) {
          ctx.addIssue({
            code: 'custom',
            path: ['models', i, 'deployments', j],
            message: `unknown deployment '${d}'`,
          });
        }
      });
    });
  });
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
