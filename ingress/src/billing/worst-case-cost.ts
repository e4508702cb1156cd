import {
  costMicros,
  type ChatCompletionRequest,
  type EmbeddingsRequest,
  type ModelPrice,
} from '@alfred/contracts';

/**
 * Upper-bound token estimates for the reservation. Tokenizers differ per provider, so
 * this errs high (a token is rarely under 3 characters); the worker bills the provider's
 * real counts and releases the rest.
 */
const charsPerToken = 3;
const tokensPerMessage = 8;

export function estimateChatPromptTokens(request: ChatCompletionRequest): number {
  let chars = 0;
  for (const message of request.messages) {
    const content = message.content;
    if (typeof content === 'string') chars += content.length;
    else if (Array.isArray(content)) chars += JSON.stringify(content).length;
    if ('tool_calls' in message && message.tool_calls) {
      chars += JSON.stringify(message.tool_calls).length;
    }
  }
  if (request.tools) chars += JSON.stringify(request.tools).length;
  return Math.ceil(chars / charsPerToken) + tokensPerMessage * request.messages.length;
}

export function estimateEmbeddingsTokens(request: EmbeddingsRequest): number {
  const input = request.input;
  if (typeof input === 'string') return Math.ceil(input.length / charsPerToken) + 1;
  let tokens = 0;
  for (const item of input) {
    if (typeof item === 'string') tokens += Math.ceil(item.length / charsPerToken) + 1;
    else if (typeof item === 'number') tokens += 1;
    else tokens += item.length;
  }
  return tokens;
}

export interface WorstCase {
  inputTokens: number;
  outputTokens: number;
  costMicros: number;
}

/** The most a request can cost: estimated prompt plus every output token it may produce. */
export function worstCaseCost(
  operation:
    | { kind: 'chat'; request: ChatCompletionRequest; defaultMaxOutputTokens: number }
    | { kind: 'embeddings'; request: EmbeddingsRequest },
  price: ModelPrice | null,
): WorstCase {
  let inputTokens: number;
  let outputTokens = 0;
  if (operation.kind === 'chat') {
    const r = operation.request;
    inputTokens = estimateChatPromptTokens(r);
    outputTokens =
      (r.max_completion_tokens ?? r.max_tokens ?? operation.defaultMaxOutputTokens) * (r.n ?? 1);
  } else {
    inputTokens = estimateEmbeddingsTokens(operation.request);
  }
  return {
    inputTokens,
    outputTokens,
    costMicros: costMicros({ input: inputTokens, output: outputTokens, cachedInput: 0 }, price),
  };
}
