import { z } from 'zod';
import { CacheDirectiveSchema } from '../config/cache-config.ts';
import { ModelPriceSchema } from '../events/price.ts';

export const ENVELOPE_VERSION = 1;

export const OperationSchema = z.enum(['chat.completions', 'embeddings']);
export type Operation = z.infer<typeof OperationSchema>;

/** Who is calling, as ingress established it; workers and the ledger trust it. */
export const CallerSchema = z.object({
  orgId: z.string(),
  keyId: z.string(),
  teamId: z.string().nullable(),
});
export type Caller = z.infer<typeof CallerSchema>;

/**
 * How a request is billed: the credit reservation ingress made for it, which the worker
 * settles with the actual cost (computed at `price`, the price in force when the request
 * was admitted), and the wallet the ledger debits.
 */
export const BillingSchema = z.object({
  /**
   * The reservation ingress made (the request id), which the worker settles; null when the
   * request is only metered (INGRESS_CREDITS=meter): its usage is recorded and debited by
   * the ledger, but nothing was reserved, so nothing is settled.
   */
  reservationId: z.string().nullable(),
  walletAccountId: z.string(),
  price: ModelPriceSchema.nullable(),
  reservedMicros: z.number().int().nonnegative(),
  /** Ingress's estimate of the prompt, used only when a stream is cut before the provider reports usage. */
  estimatedInputTokens: z.number().int().nonnegative(),
});
export type Billing = z.infer<typeof BillingSchema>;

/**
 * Ingress → worker, on `subjects.poolRequests(pool)`. `body` is the OpenAI request as
 * the client sent it and ingress validated it; the worker does not validate it again.
 * A body too large for one NATS message is stored in the large-payload object store
 * and named by `bodyRef` instead; the `model` and `stream` fields are copied out of it.
 */
export const WorkRequestSchema = z.object({
  v: z.literal(ENVELOPE_VERSION),
  id: z.string().min(1),
  operation: OperationSchema,
  model: z.string(),
  stream: z.boolean(),
  /** Absolute deadline (epoch ms) after which the answer is useless to the caller. */
  deadline: z.number().int().positive(),
  caller: CallerSchema,
  billing: BillingSchema.optional(),
  /** Routing tags from `x-alfred-tags`, validated by ingress: only deployments with all of them serve it. */
  tags: z.array(z.string()).optional(),
  /** The caller's cache controls (Cache-Control, x-alfred-cache-ttl); absent: read and write. */
  cache: CacheDirectiveSchema.optional(),
  // Checked only for being an object: ingress validated it, and this parse runs per request.
  body: z
    .custom<Record<string, unknown>>(
      (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
      'body must be a JSON object',
    )
    .optional(),
  bodyRef: z.string().optional(),
});
export type WorkRequest = z.infer<typeof WorkRequestSchema>;

/** JetStream object store bucket for request bodies larger than a NATS message. */
export const LARGE_PAYLOAD_BUCKET = 'alfred-large-payloads';

/** Answer of a worker to `subjects.poolPing(pool)`. */
export const WorkerPingReplySchema = z.object({
  workerId: z.string(),
  pool: z.string(),
  inFlight: z.number().int().nonnegative(),
  capacity: z.number().int().positive(),
});
export type WorkerPingReply = z.infer<typeof WorkerPingReplySchema>;

export const ApiKeyInvalidatedSchema = z.object({ keyId: z.string() });
export type ApiKeyInvalidated = z.infer<typeof ApiKeyInvalidatedSchema>;
