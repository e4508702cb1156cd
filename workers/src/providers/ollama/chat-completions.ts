import type {
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
import { malformedResponse, midStreamFailure } from '../upstream-errors.ts';
import { isJsonObject, parseStreamEventJson } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { bearerAuth, chatUrl } from './api.ts';
import { ollamaChatRequest } from './chat-request.ts';
import type { OllamaChatResponse, OllamaToolCall } from './wire.ts';

function finishReason(doneReason: string | undefined, calledTools: boolean): FinishReason {
  if (doneReason === 'length') return 'length';
  return calledTools ? 'tool_calls' : 'stop';
}

function ollamaUsage(response: OllamaChatResponse): Usage {
  return tokenUsage({
    prompt: count(response.prompt_eval_count),
    completion: count(response.eval_count),
  });
}

/** Ollama gives calls no id (older versions) and arguments as an object. */
function toolCall(call: OllamaToolCall, ordinal: number): ToolCall {
  const args = call.function.arguments;
  return {
    id: call.id || `call_${ordinal}`,
    type: 'function',
    function: {
      name: call.function.name,
      arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}),
    },
  };
}

function parseResponse(body: unknown, context: ResponseContext): ChatCompletionResponse {
  if (!isJsonObject(body) || !isJsonObject(body.message))
    throw malformedResponse('a chat answer without message');
  const response = body as OllamaChatResponse;
  const toolCalls = (response.message?.tool_calls ?? []).map(toolCall);
  const text = response.message?.content ?? '';
  return {
    id: context.id,
    object: 'chat.completion',
    created: context.created,
    model: response.model || context.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || (toolCalls.length ? null : ''),
          refusal: null,
          ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: finishReason(response.done_reason, toolCalls.length > 0),
      },
    ],
    usage: ollamaUsage(response),
  };
}

/**
 * NDJSON lines → OpenAI chunks. The line with `done: true` carries the counts; an
 * `{"error": …}` line (sent with HTTP 200 once streaming began) ends the stream.
 */
class OllamaChatStreamTranslator implements ChatStreamTranslator {
  readonly #writer: ChunkWriter;
  readonly #includeUsage: boolean;
  #started = false;
  #toolCalls = 0;
  #usage: Usage | undefined;
  #done = false;

  constructor(context: StreamContext) {
    this.#writer = new ChunkWriter(context);
    this.#includeUsage = context.includeUsage;
  }

  get done(): boolean {
    return this.#done;
  }

  usage(): Usage | undefined {
    return this.#usage;
  }

  push(event: StreamEvent): ChatCompletionChunk[] {
    const line = parseStreamEventJson(event.data) as OllamaChatResponse;
    if (line.error !== undefined)
      throw new UpstreamStreamError(midStreamFailure(String(line.error)));
    const writer = this.#writer;
    writer.identify(undefined, line.model);
    const chunks: ChatCompletionChunk[] = [];
    if (!this.#started) {
      this.#started = true;
      chunks.push(writer.role());
    }
    if (line.message?.content) chunks.push(writer.content(line.message.content));
    for (const call of line.message?.tool_calls ?? []) {
      const toolIndex = this.#toolCalls++;
      const translated = toolCall(call, toolIndex);
      chunks.push(
        writer.toolCallStart(toolIndex, translated.id, translated.function.name),
        writer.toolCallArguments(toolIndex, translated.function.arguments),
      );
    }
    if (line.done) {
      this.#done = true;
      this.#usage = ollamaUsage(line);
      chunks.push(writer.finish(finishReason(line.done_reason, this.#toolCalls > 0)));
      if (this.#includeUsage) chunks.push(writer.usage(this.#usage));
    }
    return chunks;
  }
}

export const ollamaChatCompletions: ChatCompletionsConnector = {
  buildRequest: (request, target) =>
    jsonPost(target, {
      url: chatUrl(target),
      auth: bearerAuth(target),
      body: ollamaChatRequest(request, target.deployment.model),
    }),
  parseResponse,
  streamFraming: 'ndjson',
  createStreamTranslator: (context) => new OllamaChatStreamTranslator(context),
};
