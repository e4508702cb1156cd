import { z } from 'zod';

/**
 * What one request cost, published by the worker that served it to JetStream on
 * `usageSubject(orgId)` with `Nats-Msg-Id` = `requestId`, so a duplicate publish within the
 * stream's duplicate window is dropped by JetStream and any later one by the ledger.
 * Amounts are integers in micro-credits (1 credit = 1,000,000); never floats.
 */
export const UsageOutcomeSchema = z.enum([
  'success',
  /** A stream cut by the client; billed for what was delivered. */
  'client_cancelled',
  /** A stream cut by the provider after it started; billed for what was delivered. */
  'upstream_interrupted',
]);
export type UsageOutcome = z.infer<typeof UsageOutcomeSchema>;

const count = z.number().int().nonnegative();
const micros = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const UsageEventSchema = z.object({
  v: z.literal(1),
  requestId: z.string().min(1).max(128),
  occurredAt: z.number().int().positive(),
  orgId: z.uuid(),
  teamId: z.uuid().nullable(),
  userId: z.uuid().nullable(),
  keyId: z.uuid(),
  /** The wallet account charged. */
  accountId: z.uuid(),
  model: z.string(),
  deployment: z.string(),
  operation: z.enum(['chat.completions', 'embeddings']),
  tokens: z.object({ input: count, output: count, cachedInput: count }),
  /** The cost the client was told (x-alfred-cost-micros), computed from `priceId`'s prices. */
  costMicros: micros,
  priceId: z.uuid().nullable(),
  latencyMs: z.number().nonnegative(),
  cacheStatus: z.enum(['miss', 'hit', 'semantic', 'bypass']),
  outcome: UsageOutcomeSchema,
});
export type UsageEvent = z.infer<typeof UsageEventSchema>;

/** The JetStream stream holding usage events until the ledger has written them. */
export const USAGE_STREAM = 'ALFRED_USAGE';
export const USAGE_SUBJECTS = 'alfred.v1.usage.>';
export const usageSubject = (orgId: string) => `alfred.v1.usage.${orgId}`;
/** Durable consumer shared by every ledger process. */
export const LEDGER_CONSUMER = 'ledger';
