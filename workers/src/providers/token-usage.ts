import type { Usage } from '@alfred/contracts';

export interface TokenCounts {
  prompt: number;
  completion: number;
  /** Prompt tokens served from the provider's cache (already included in `prompt`). */
  cached?: number | undefined;
  /** Reasoning tokens (already included in `completion`, as OpenAI counts them). */
  reasoning?: number | undefined;
}

/** OpenAI `usage` whose total is always prompt + completion: the ledger bills from it. */
export function tokenUsage(counts: TokenCounts): Usage {
  const usage: Usage = {
    prompt_tokens: counts.prompt,
    completion_tokens: counts.completion,
    total_tokens: counts.prompt + counts.completion,
  };
  if (counts.cached !== undefined) usage.prompt_tokens_details = { cached_tokens: counts.cached };
  if (counts.reasoning !== undefined) {
    usage.completion_tokens_details = { reasoning_tokens: counts.reasoning };
  }
  return usage;
}

/** A provider's token count, or 0 when it is missing or not a count. */
export function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
