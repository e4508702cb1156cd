import { randomBytes } from 'node:crypto';
import type {
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionResponse,
  ChunkChoice,
} from '@alfred/contracts';

/** The id and creation time a replayed answer carries: its own, never the cached one's. */
export interface ReplayIdentity {
  id: string;
  /** Epoch seconds. */
  created: number;
}

const idPrefix = `chatcmpl-${randomBytes(9).toString('base64url')}c`;
let idCounter = 0;

export function freshIdentity(): ReplayIdentity {
  return { id: idPrefix + (idCounter++).toString(36), created: Math.floor(Date.now() / 1000) };
}

/** A cached answer as a non-streamed response: the same choices under a fresh id. */
export function replayedResponse(
  answer: ChatCompletionResponse,
  identity: ReplayIdentity = freshIdentity(),
): ChatCompletionResponse {
  return { ...answer, id: identity.id, created: identity.created };
}

export interface ReplayOptions {
  identity?: ReplayIdentity;
  /** `stream_options.include_usage`: a last chunk with `choices: []` and the usage. */
  includeUsage?: boolean;
  /** Text per content chunk, roughly: pieces end at a space at or after this length. */
  chunkChars?: number;
}

/**
 * A cached answer as the chunks OpenAI would have streamed: per choice a role chunk, the
 * content (or refusal) in pieces, each tool call as a head naming it followed by argument
 * fragments, and a finish chunk; then the usage chunk when asked for. Pieces are a few
 * words rather than OpenAI's single tokens: clients render them alike, and fewer frames
 * keep a replay cheap.
 */
export function replayedChunks(
  answer: ChatCompletionResponse,
  options: ReplayOptions = {},
): ChatCompletionChunk[] {
  const identity = options.identity ?? freshIdentity();
  const size = options.chunkChars ?? 32;
  const base = {
    id: identity.id,
    object: 'chat.completion.chunk' as const,
    created: identity.created,
    model: answer.model,
    ...(answer.system_fingerprint ? { system_fingerprint: answer.system_fingerprint } : {}),
    // OpenAI sends `usage: null` on every chunk of a stream that asked for usage.
    ...(options.includeUsage ? { usage: null } : {}),
  };
  const chunks: ChatCompletionChunk[] = [];
  const push = (choice: ChunkChoice) => chunks.push({ ...base, choices: [choice] });
  for (const choice of answer.choices) {
    for (const delta of choiceDeltas(choice, size)) {
      push({ index: choice.index, delta, logprobs: null, finish_reason: null });
    }
    push({ index: choice.index, delta: {}, logprobs: null, finish_reason: choice.finish_reason });
    // Logprobs travel whole on one chunk; clients concatenate them across chunks anyway.
    if (choice.logprobs != null) chunks[chunks.length - 1]!.choices[0]!.logprobs = choice.logprobs;
  }
  if (options.includeUsage && answer.usage)
    chunks.push({ ...base, choices: [], usage: answer.usage });
  return chunks;
}

function choiceDeltas(choice: ChatCompletionChoice, size: number): ChunkChoice['delta'][] {
  const { content, refusal, tool_calls: toolCalls } = choice.message;
  const deltas: ChunkChoice['delta'][] = [{ role: 'assistant', content: '' }];
  for (const piece of textPieces(content ?? '', size)) deltas.push({ content: piece });
  for (const piece of textPieces(refusal ?? '', size)) deltas.push({ refusal: piece });
  toolCalls?.forEach((call, index) => {
    const head = { index, id: call.id, type: 'function' as const };
    deltas.push({
      tool_calls: [{ ...head, function: { name: call.function.name, arguments: '' } }],
    });
    for (const fragment of textPieces(call.function.arguments, size)) {
      deltas.push({ tool_calls: [{ index, function: { arguments: fragment } }] });
    }
  });
  return deltas;
}

/**
 * Splits text into pieces of about `size` characters, ending after a space where one comes
 * within another `size` characters, and never between the halves of a surrogate pair.
 */
export function textPieces(text: string, size: number): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    if (end < text.length) {
      const space = text.indexOf(' ', end - 1);
      if (space !== -1 && space < start + 2 * size) end = space + 1;
      else if (isLowSurrogate(text.charCodeAt(end))) end += end - 1 > start ? -1 : 1;
    }
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/** The chunks as the SSE body OpenAI sends: one `data:` event each, then `data: [DONE]`. */
export function sseFrames(chunks: readonly ChatCompletionChunk[]): string {
  let body = '';
  for (const chunk of chunks) body += `data: ${JSON.stringify(chunk)}\n\n`;
  return `${body}data: [DONE]\n\n`;
}
