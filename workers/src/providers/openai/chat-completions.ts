import type {
  ChatCompletionChunk,
  ChatCompletionRequest,
  ChatCompletionResponse,
  Usage,
} from '@alfred/contracts';
import { UpstreamStreamError } from '../connector.ts';
import type {
  ChatCompletionsConnector,
  ChatStreamTranslator,
  ResponseContext,
  StreamContext,
  StreamEvent,
  UpstreamHttpRequest,
  UpstreamTarget,
} from '../connector.ts';
import { passedOnAs } from '../chunk-wire-text.ts';
import { malformedResponse } from '../upstream-errors.ts';
import { isJsonObject, parseStreamEventJson } from '../upstream-json.ts';
import type { JsonObject } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { bearerAuth, chatCompletionsUrl } from './api.ts';
import { openAIStreamError } from './errors.ts';

/**
 * The client's request as the upstream must receive it. Streams always ask for the usage
 * chunk: the gateway bills streams from it, whether or not the client wants to see it
 * (the translator drops it again when the client did not ask).
 */
export function upstreamChatBody(request: ChatCompletionRequest): ChatCompletionRequest {
  if (!request.stream) return { ...request };
  return { ...request, stream_options: { ...request.stream_options, include_usage: true } };
}

function buildRequest(request: ChatCompletionRequest, target: UpstreamTarget): UpstreamHttpRequest {
  return jsonPost(target, {
    url: chatCompletionsUrl(target),
    auth: bearerAuth(target),
    body: { ...upstreamChatBody(request), model: target.deployment.model },
  });
}

/**
 * OpenAI's answer passes through. Compatible servers omit fields OpenAI always sends
 * (Azure: `object`, `model`) or send `tool_calls: null` (Mistral); those are repaired.
 */
export function parseOpenAICompletion(
  body: unknown,
  context: ResponseContext,
): ChatCompletionResponse {
  if (!isJsonObject(body) || !Array.isArray(body.choices)) {
    throw malformedResponse('a chat completion without choices');
  }
  const choices = body.choices.map((choice: unknown) => {
    if (!isJsonObject(choice) || !isJsonObject(choice.message)) return choice;
    const { tool_calls: toolCalls, ...message } = choice.message;
    return {
      ...choice,
      message: toolCalls == null ? message : { ...message, tool_calls: toolCalls },
    };
  });
  return {
    ...body,
    id: nonEmptyString(body.id) ?? context.id,
    object: 'chat.completion',
    created: positiveNumber(body.created) ?? context.created,
    model: nonEmptyString(body.model) ?? context.model,
    choices,
  } as ChatCompletionResponse;
}

/**
 * Passes OpenAI-shaped chunks through, with what compatible servers get wrong repaired:
 * Azure's empty-id annotation chunks (no `delta`, or `choices: []`) are dropped unless
 * they carry the `finish_reason`; usage found on a content chunk (Mistral) is moved to
 * its own `choices: []` chunk, sent only when the client asked for usage.
 */
export class OpenAIChunkStream implements ChatStreamTranslator {
  #done = false;
  #usage: Usage | undefined;
  #id: string;
  #model: string;
  #created: number;
  readonly #includeUsage: boolean;

  constructor(context: StreamContext) {
    this.#id = context.id;
    this.#model = context.model;
    this.#created = context.created;
    this.#includeUsage = context.includeUsage;
  }

  get done(): boolean {
    return this.#done;
  }

  usage(): Usage | undefined {
    return this.#usage;
  }

  push(event: StreamEvent): ChatCompletionChunk[] {
    const data = event.data.trim();
    if (data === '[DONE]') {
      this.#done = true;
      return [];
    }
    const chunk = parseStreamEventJson(data);
    if (chunk.error !== undefined || chunk.object === 'error') {
      throw new UpstreamStreamError(openAIStreamError(chunk));
    }
    this.#adoptIdentity(chunk);
    const unchanged = this.#unchangedText(chunk, data);
    if (unchanged !== undefined) return [passedOnAs(chunk as ChatCompletionChunk, unchanged)];
    const { usage, ...rest } = chunk;
    const base = {
      ...rest,
      id: this.#id,
      object: 'chat.completion.chunk',
      created: this.#created,
      model: this.#model,
    };
    const chunks: ChatCompletionChunk[] = [];
    const choices = Array.isArray(chunk.choices) ? chunk.choices.flatMap(deliverableChoice) : [];
    if (choices.length > 0) chunks.push({ ...base, choices } as ChatCompletionChunk);
    if (isJsonObject(usage)) {
      const reported = usage as Usage;
      this.#usage = reported;
      if (this.#includeUsage)
        chunks.push({ ...base, choices: [], usage: reported } as ChatCompletionChunk);
    }
    return chunks;
  }

  /**
   * The provider's text for a chunk this translator would pass on as it is (its identity
   * complete, every choice with a delta, no usage), else undefined. The gateway asked for
   * usage, so OpenAI ends every chunk with `,"usage":null}`; that member is cut from the
   * text and the object alike. Only at the very end: JSON.parse accepted the text, so its
   * last `}` closes the chunk itself and the member before it is the chunk's own (nowhere
   * else could it be told from a nested object's member or a string's content).
   * Text with a line break (pretty-printed, or sent as several `data:` lines) would break
   * the client's SSE framing, so it is serialized afresh.
   */
  #unchangedText(chunk: JsonObject, data: string): string | undefined {
    if (
      data.includes('\n') ||
      data.includes('\r') ||
      chunk.object !== 'chat.completion.chunk' ||
      chunk.id !== this.#id ||
      chunk.model !== this.#model ||
      chunk.created !== this.#created ||
      !Array.isArray(chunk.choices) ||
      chunk.choices.length === 0 ||
      !chunk.choices.every((choice) => isJsonObject(choice) && isJsonObject(choice.delta))
    ) {
      return undefined;
    }
    if (!('usage' in chunk)) return data;
    if (chunk.usage !== null) return undefined;
    if (!data.endsWith(usageNullLastMember)) return undefined;
    delete chunk.usage;
    return `${data.slice(0, -usageNullLastMember.length)}}`;
  }

  /** Annotation chunks have an empty id and model: keep reporting the real ones. */
  #adoptIdentity(chunk: JsonObject): void {
    this.#id = nonEmptyString(chunk.id) ?? this.#id;
    this.#model = nonEmptyString(chunk.model) ?? this.#model;
    this.#created = positiveNumber(chunk.created) ?? this.#created;
  }
}

/** How OpenAI ends a chunk before the last when asked for usage (`include_usage`). */
const usageNullLastMember = ',"usage":null}';

function deliverableChoice(choice: unknown): JsonObject[] {
  if (!isJsonObject(choice)) return [];
  if (isJsonObject(choice.delta)) return [choice];
  // Azure's content filter ends a stream with a delta-less choice carrying the reason.
  if (typeof choice.finish_reason === 'string') return [{ ...choice, delta: {} }];
  return [];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function positiveNumber(value: unknown): number | undefined {
  return typeof value === 'number' && value > 0 ? value : undefined;
}

export const openAIChatCompletions: ChatCompletionsConnector = {
  buildRequest,
  parseResponse: parseOpenAICompletion,
  streamFraming: 'sse',
  createStreamTranslator: (context) => new OpenAIChunkStream(context),
};
