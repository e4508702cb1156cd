import { describe, expect, it } from 'vitest';
import { PiiPolicySchema } from './pii-policy.ts';

describe('PiiPolicySchema', () => {
  it('defaults to not masking and accepts a list of kinds', () => {
    expect(PiiPolicySchema.parse({})).toEqual({ maskPromptPii: false });
    expect(PiiPolicySchema.parse({ maskPromptPii: true, kinds: ['email', 'card'] })).toEqual({
      maskPromptPii: true,
      kinds: ['email', 'card'],
    });
  });

  it('rejects unknown kinds, an empty list and unknown fields', () => {
    expect(PiiPolicySchema.safeParse({ maskPromptPii: true, kinds: ['passport'] }).success).toBe(
      false,
    );
    expect(PiiPolicySchema.safeParse({ maskPromptPii: true, kinds: [] }).success).toBe(false);
    expect(PiiPolicySchema.safeParse({ maskPromptPII: true }).success).toBe(false);
  });
});
