import { z } from 'zod';

/**
 * The kinds of personal data and secrets Alfred recognises (packages/pii-redaction). Named
 * here, not in the package, so the gateway config and the admin API can refer to them.
 */
export const PiiKindSchema = z.enum(['email', 'phone', 'card', 'iban', 'national_id', 'secret']);
export type PiiKind = z.infer<typeof PiiKindSchema>;

/**
 * A team's prompt policy: with `maskPromptPii`, PII in message contents is replaced by a
 * typed placeholder (`[EMAIL]`, `[CARD]`, ...) before the request reaches the provider.
 * `kinds` narrows what is masked; absent means every kind.
 */
export const PiiPolicySchema = z.strictObject({
  maskPromptPii: z.boolean().default(false),
  kinds: z.array(PiiKindSchema).min(1).optional(),
});
export type PiiPolicy = z.infer<typeof PiiPolicySchema>;
export type PiiPolicyInput = z.input<typeof PiiPolicySchema>;
