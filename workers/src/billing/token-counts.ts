import type { ChatCompletionChunk, TokenCounts, Usage } from '@alfred/contracts';

/** The provider's own counts, in the shape the ledger bills. */
export function tokensFromUsage(usage: Usage): TokenCounts {
  return {
    input: usage.prompt_tokens,
    output: usage.completion_tokens,
    cachedInput: usage.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/**
 * Output tokens a client actually received, for a stream cut before the provider reported
 * usage: providers send one token per content chunk, so delivered chunks with text or tool
 * arguments are counted.
 */
export function deliveredOutputTokens(chunks: readonly ChatCompletionChunk[]): number {
  let tokens = 0;
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      const delta = choice.delta;
      if (delta.content || delta.refusal) tokens++;
      else if (delta.tool_calls?.some((call) => call.function?.arguments)) tokens++;
    }
  }
  return tokens;
}
