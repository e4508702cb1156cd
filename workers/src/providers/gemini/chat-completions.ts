import type {
  ChatCompletionChoice,
  ChatCompletionChunk,
  ChatCompletionResponse,
  FinishReason,
  ToolCall,
  Usage,
} from '@alfred/contracts';
import { UpstreamStreamError } from '../connector.ts';
import type {
  ChatCompletionsConnector,
  ChatStreamTranslator,
  ResponseContext,
  StreamContext,
  StreamEvent,
} from '../connector.ts';
import { ChunkWriter } from '../openai-chunk-writer.ts';
import { count, tokenUsage } from '../token-usage.ts';
import { malformedResponse } from '../upstream-errors.ts';
import { isJsonObject, parseStreamEventJson } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { apiKeyAuth, generateContentUrl } from './api.ts';
import { generateContentRequest } from './chat-request.ts';
import { geminiStreamError } from './errors.ts';
import { functionCallId } from './function-call-ids.ts';
import type { GeminiCandidate, GeminiPart, GeminiResponse, GeminiUsageMetadata } from './wire.ts';

const BLOCKED = 'content_filter';
const FINISH_REASONS: Record<string, FinishReason> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: BLOCKED,
  RECITATION: BLOCKED,
  BLOCKLIST: BLOCKED,
  PROHIBITED_CONTENT: BLOCKED,
  SPII: BLOCKED,
  IMAGE_SAFETY: BLOCKED,
};

/** Gemini says STOP after function calls; OpenAI clients wait for `tool_calls`. */
function finishReason(reason: string | undefined, calledTools: boolean): FinishReason {
  const mapped = (reason && FINISH_REASONS[reason]) || 'stop';
  return mapped === 'stop' && calledTools ? 'tool_calls' : mapped;
}

/**
 * Thinking tokens are billed as output but counted outside candidatesTokenCount; OpenAI
 * counts reasoning inside completion_tokens. Tool-use prompt tokens are prompt tokens.
 */
function geminiUsage(metadata: GeminiUsageMetadata | undefined): Usage {
  const reasoning = count(metadata?.thoughtsTokenCount);
  return tokenUsage({
    prompt: count(metadata?.promptTokenCount) + count(metadata?.toolUsePromptTokenCount),
    completion: count(metadata?.candidatesTokenCount) + reasoning,
    cached: count(metadata?.cachedContentTokenCount),
    reasoning,
  });
}

/** Thought parts are the model's reasoning summary, never answer text. */
function answerText(part: GeminiPart): string {
  return part.thought || typeof part.text !== 'string' ? '' : part.text;
}

function toolCall(part: GeminiPart, ordinal: number): ToolCall | undefined {
  if (!part.functionCall) return undefined;
  return {
    id: functionCallId(ordinal, part.thoughtSignature),
    type: 'function',
    function: {
      name: part.functionCall.name,
      arguments: JSON.stringify(part.functionCall.args ?? {}),
    },
  };
}

function parseResponse(body: unknown, context: ResponseContext): ChatCompletionResponse {
  if (!isJsonObject(body))
    throw malformedResponse('a generateContent answer that is not an object');
  const response = body as GeminiResponse;
  let ordinal = 0;
  const choices = (response.candidates ?? []).map((candidate, position): ChatCompletionChoice => {
    const parts = candidate.content?.parts ?? [];
    const toolCalls: ToolCall[] = [];
    for (const part of parts) {
      const call = toolCall(part, ordinal);
      if (!call) continue;
      toolCalls.push(call);
      ordinal++;
    }
    const text = parts.map(answerText).join('');
    return {
      index: candidate.index ?? position,
      message: {
        role: 'assistant',
        content: text || (toolCalls.length ? null : ''),
        refusal: null,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
      },
      logprobs: null,
      finish_reason: finishReason(candidate.finishReason, toolCalls.length > 0),
    };
  });
  // A blocked prompt gets no candidates at all, only promptFeedback.blockReason.
  if (!choices.length && response.promptFeedback?.blockReason) {
    choices.push({
      index: 0,
      message: { role: 'assistant', content: '' },
      logprobs: null,
      finish_reason: BLOCKED,
    });
  }
  if (!choices.length) throw malformedResponse('a generateContent answer without candidates');
  return {
    id: response.responseId || context.id,
    object: 'chat.completion',
    created: context.created,
    model: response.modelVersion || context.model,
    choices,
    usage: geminiUsage(response.usageMetadata),
  };
}

/**
 * Each SSE event is a whole GenerateContentResponse carrying cumulative usage. There is no
 * `[DONE]`: the stream is complete once every candidate has a finishReason. Function
 * calls arrive whole, so each becomes a head delta and one arguments delta.
 */
class GenerateContentStreamTranslator implements ChatStreamTranslator {
  readonly #writer: ChunkWriter;
  readonly #includeUsage: boolean;
  readonly #started = new Set<number>();
  readonly #finished = new Set<number>();
  readonly #toolCalls = new Map<number, number>();
  #ordinal = 0;
  #metadata: GeminiUsageMetadata | undefined;
  #done = false;

  constructor(context: StreamContext) {
    this.#writer = new ChunkWriter(context);
    this.#includeUsage = context.includeUsage;
  }

  get done(): boolean {
    return this.#done;
  }

  usage(): Usage | undefined {
    return this.#metadata && geminiUsage(this.#metadata);
  }

  push(event: StreamEvent): ChatCompletionChunk[] {
    const data = parseStreamEventJson(event.data);
    if (data.error !== undefined) throw new UpstreamStreamError(geminiStreamError(data.error));
    const response = data as GeminiResponse;
    this.#writer.identify(response.responseId, response.modelVersion);
    if (response.usageMetadata) this.#metadata = response.usageMetadata;
    const chunks: ChatCompletionChunk[] = [];
    const candidates: GeminiCandidate[] = response.candidates ?? [];
    if (!candidates.length && response.promptFeedback?.blockReason) {
      candidates.push({ index: 0, finishReason: 'SAFETY' });
    }
    for (const candidate of candidates) chunks.push(...this.#candidateChunks(candidate));
    if (!this.#done && this.#started.size > 0 && this.#finished.size === this.#started.size) {
      this.#done = true;
      const usage = this.usage();
      if (this.#includeUsage && usage) chunks.push(this.#writer.usage(usage));
    }
    return chunks;
  }

  #candidateChunks(candidate: GeminiCandidate): ChatCompletionChunk[] {
    const writer = this.#writer;
    const choice = candidate.index ?? 0;
    const chunks: ChatCompletionChunk[] = [];
    if (!this.#started.has(choice)) {
      this.#started.add(choice);
      chunks.push(writer.role(choice));
    }
    for (const part of candidate.content?.parts ?? []) {
      const call = toolCall(part, this.#ordinal);
      if (call) {
        this.#ordinal++;
        const toolIndex = this.#toolCalls.get(choice) ?? 0;
        this.#toolCalls.set(choice, toolIndex + 1);
        chunks.push(
          writer.toolCallStart(toolIndex, call.id, call.function.name, choice),
          writer.toolCallArguments(toolIndex, call.function.arguments, choice),
        );
      }
      const text = answerText(part);
      if (text) chunks.push(writer.content(text, choice));
    }
    if (candidate.finishReason && !this.#finished.has(choice)) {
      this.#finished.add(choice);
      chunks.push(
        writer.finish(finishReason(candidate.finishReason, this.#toolCalls.has(choice)), choice),
      );
    }
    return chunks;
  }
}

export const geminiChatCompletions: ChatCompletionsConnector = {
  buildRequest: (request, target) =>
    jsonPost(target, {
      url: generateContentUrl(target, request.stream === true),
      auth: apiKeyAuth(target),
      body: generateContentRequest(request),
    }),
  parseResponse,
  streamFraming: 'sse',
  createStreamTranslator: (context) => new GenerateContentStreamTranslator(context),
};
