import { z } from 'zod';
import { CacheConfigSchema } from './cache-config.ts';
import { PiiPolicySchema } from './pii-policy.ts';
import { checkGatewayReferences } from './gateway-config-references.ts';
import { RoutingTagSchema } from './routing-tags.ts';

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
  /** Until the TCP (and TLS) connection to the provider is up. */
  connectMs: z.number().int().positive().default(5_000),
  /**
   * Until the first event of a streamed answer arrives. A non-streamed answer has no first
   * token before its last one, so only `totalMs` bounds it. Above `totalMs` it acts as `totalMs`.
   */
  firstTokenMs: z.number().int().positive().default(30_000),
  /** The whole call, also bounded by the request's own deadline. */
  totalMs: z.number().int().positive().default(600_000),
});

/** What a deployment costs, used only to rank deployments (billing prices live in PostgreSQL). */
export const DeploymentPriceSchema = z.strictObject({
  /** Credits per million input tokens. */
  inputPerMillion: z.number().nonnegative(),
  /** Credits per million output tokens. */
  outputPerMillion: z.number().nonnegative(),
});
export type DeploymentPrice = z.infer<typeof DeploymentPriceSchema>;

export const DeploymentConfigSchema = z.strictObject({
  id,
  provider: z.string(),
  /** The model name the provider knows (for Azure: the deployment name). */
  model: z.string().min(1),
  timeouts: TimeoutsSchema.default({ connectMs: 5_000, firstTokenMs: 30_000, totalMs: 600_000 }),
  /** Share of traffic under the `weighted` strategy, relative to the model's other deployments; 0 = only as a failover. */
  weight: z.number().nonnegative().default(1),
  /** Requests per minute this deployment may take, counted per worker process. */
  rpm: z.number().int().positive().optional(),
  /** Tokens (prompt and completion) per minute, counted per worker process. */
  tpm: z.number().int().positive().optional(),
  price: DeploymentPriceSchema.optional(),
  /** Labels that `x-alfred-tags` and team policies select on (`eu`, `zdr`, `tier=gold`). */
  tags: z.array(RoutingTagSchema).default([]),
  region: z.string().min(1).optional(),
  /** Largest prompt (tokens) the upstream model accepts; unset = any. */
  contextWindow: z.number().int().positive().optional(),
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

/**
 * How the deployments of a model are ranked for each request. `ordered` keeps the listed
 * order; `weighted` draws by `weight`; `least-in-flight` prefers the deployment with the
 * fewest requests running in this worker; `latency` compares two random deployments by their
 * recent latency (power of two choices); `cost` prefers the cheapest `price` for the request.
 */
export const RoutingStrategySchema = z.enum([
  'ordered',
  'weighted',
  'least-in-flight',
  'latency',
  'cost',
]);
export type RoutingStrategy = z.infer<typeof RoutingStrategySchema>;

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
  /** Response caching (exact and semantic); absent: no cache for this model. */
  cache: CacheConfigSchema.optional(),
  routing: z
    .strictObject({ strategy: RoutingStrategySchema.default('ordered') })
    .default({ strategy: 'ordered' }),
  /** Other models (same kind) tried, in order, once every deployment of this one failed. */
  fallbacks: z.array(z.string()).default([]),
  /** Model used instead when the prompt is larger than every deployment's `contextWindow`. */
  contextWindowFallback: z.string().optional(),
});
export type ModelConfig = z.infer<typeof ModelConfigSchema>;

/**
 * Where a team's requests may go, applied to every deployment of the request's model and of
 * its fallbacks. A team without a policy (and a key without a team) may use every deployment.
 */
export const TeamPolicySchema = z.strictObject({
  /** A deployment must carry every one of these tags (`zdr`: zero data retention, say). */
  requiredTags: z.array(RoutingTagSchema).default([]),
  /** Only deployments in one of these regions; a deployment without a region is excluded. */
  regions: z.array(z.string().min(1)).min(1).optional(),
  /** Deployments never used for this team. */
  deniedDeployments: z.array(z.string()).default([]),
  /** PII in this team's prompts is masked before any provider sees it (packages/pii-redaction). */
  pii: PiiPolicySchema.optional(),
});
export type TeamPolicy = z.infer<typeof TeamPolicySchema>;

export const GatewayConfigSchema = z
  .strictObject({
    providers: z.record(id, ProviderConfigSchema),
    deployments: z.array(DeploymentConfigSchema).min(1),
    models: z.array(ModelConfigSchema).min(1),
    /** Keyed by team id. */
    teamPolicies: z.record(z.string(), TeamPolicySchema).default({}),
  })
  .superRefine(checkGatewayReferences);
export type GatewayConfig = z.infer<typeof GatewayConfigSchema>;
export type GatewayConfigInput = z.input<typeof GatewayConfigSchema>;
