import type { ChatCompletionRequest } from '@alfred/contracts';

/**
 * The two OpenAI parameters every translating connector maps, each with its OpenAI
 * spelling variants resolved once here.
 */

/** `max_completion_tokens` (current) or `max_tokens` (legacy), whichever the client sent. */
export function requestedMaxTokens(request: ChatCompletionRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}

/** `stop` as a list (OpenAI also takes a single string). */
export function stopSequences(request: ChatCompletionRequest): string[] | undefined {
  const { stop } = request;
  if (stop == null) return undefined;
  return typeof stop === 'string' ? [stop] : stop;
}
