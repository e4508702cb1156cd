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
import { malformedResponse } from '../upstream-errors.ts';
import { isJsonObject, parseStreamEventJson, stringField } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { anthropicHeaders, apiKeyAuth, messagesUrl } from './api.ts';
import { messagesRequest } from './chat-request.ts';
import { anthropicStreamError } from './errors.ts';
import type { AnthropicResponse, AnthropicUsage } from './wire.ts';

const FINISH_REASONS: Record<string, FinishReason> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  pause_turn: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

function finishReason(stopReason: unknown): FinishReason {
  return (typeof stopReason === 'string' && FINISH_REASONS[stopReason]) || 'stop';
}

/**
 * Anthropic counts cache reads and writes outside `input_tokens`; OpenAI's prompt_tokens
 * includes cached tokens. Both cache figures are prompt tokens the gateway must bill.
 */
function anthropicUsage(usage: AnthropicUsage | undefined): Usage {
  const read = count(usage?.cache_read_input_tokens);
  const written = count(usage?.cache_creation_input_tokens);
  return tokenUsage({
    prompt: count(usage?.input_tokens) + read + written,
    completion: count(usage?.output_tokens),
    cached: read,
  });
}

function parseResponse(body: unknown, context: ResponseContext): ChatCompletionResponse {
  if (!isJsonObject(body) || !Array.isArray(body.content)) {
    throw malformedResponse('a message without content blocks');
  }
  const message = body as unknown as AnthropicResponse;
  let text = '';
  const toolCalls: ToolCall[] = [];
  for (const block of message.content) {
    // Thinking blocks are the model's reasoning, not its answer.
    if (block.type === 'text') text += block.text ?? '';
    if (block.type === 'tool_use') {
      toolCalls.push({
        id: block.id ?? `call_${toolCalls.length}`,
        type: 'function',
        function: { name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) },
      });
    }
  }
  return {
    id: message.id || context.id,
    object: 'chat.completion',
    created: context.created,
    model: message.model || context.model,
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
        finish_reason: finishReason(message.stop_reason),
      },
    ],
    usage: anthropicUsage(message.usage),
  };
}

/**
 * Messages stream → OpenAI chunks. Content blocks arrive one after another; each tool_use
 * block becomes the next OpenAI tool call. `message_delta.usage` is cumulative, so the
 * latest figures replace earlier ones.
 */
class MessagesStreamTranslator implements ChatStreamTranslator {
  readonly #writer: ChunkWriter;
  readonly #includeUsage: boolean;
  readonly #toolCallByBlock = new Map<number, number>();
  #usage: AnthropicUsage | undefined;
  #finished = false;
  #done = false;

  constructor(context: StreamContext) {
    this.#writer = new ChunkWriter(context);
    this.#includeUsage = context.includeUsage;
  }

  get done(): boolean {
    return this.#done;
  }

  usage(): Usage | undefined {
    return this.#usage && anthropicUsage(this.#usage);
  }

  push(event: StreamEvent): ChatCompletionChunk[] {
    const data = parseStreamEventJson(event.data);
    const writer = this.#writer;
    switch (stringField(data, 'type') ?? event.event) {
      case 'message_start': {
        const message = isJsonObject(data.message) ? data.message : {};
        writer.identify(stringField(message, 'id'), stringField(message, 'model'));
        this.#mergeUsage(message.usage);
        return [writer.role()];
      }
      case 'content_block_start': {
        const block = isJsonObject(data.content_block) ? data.content_block : {};
        if (block.type === 'tool_use') {
          const toolIndex = this.#toolCallByBlock.size;
          this.#toolCallByBlock.set(Number(data.index), toolIndex);
          return [
            writer.toolCallStart(
              toolIndex,
              stringField(block, 'id') ?? `call_${toolIndex}`,
              stringField(block, 'name') ?? '',
            ),
          ];
        }
        const text = block.type === 'text' ? stringField(block, 'text') : undefined;
        return text ? [writer.content(text)] : [];
      }
      case 'content_block_delta': {
        const delta = isJsonObject(data.delta) ? data.delta : {};
        const text = delta.type === 'text_delta' ? stringField(delta, 'text') : undefined;
        if (text) return [writer.content(text)];
        const toolIndex = this.#toolCallByBlock.get(Number(data.index));
        const fragment =
          delta.type === 'input_json_delta' ? stringField(delta, 'partial_json') : undefined;
        return toolIndex !== undefined && fragment
          ? [writer.toolCallArguments(toolIndex, fragment)]
          : [];
      }
      case 'message_delta': {
        this.#mergeUsage(data.usage);
        const delta = isJsonObject(data.delta) ? data.delta : {};
        if (delta.stop_reason == null || this.#finished) return [];
        this.#finished = true;
        return [writer.finish(finishReason(delta.stop_reason))];
      }
      case 'message_stop': {
        this.#done = true;
        const chunks = this.#finished ? [] : [writer.finish('stop')];
        this.#finished = true;
        const usage = this.usage();
        if (this.#includeUsage && usage) chunks.push(writer.usage(usage));
        return chunks;
      }
      case 'error':
        throw new UpstreamStreamError(anthropicStreamError(data.error));
      default:
        // ping, content_block_stop, thinking deltas and event types added later.
        return [];
    }
  }

  #mergeUsage(usage: unknown): void {
    if (!isJsonObject(usage)) return;
    const merged: Record<string, unknown> = { ...this.#usage };
    for (const [key, value] of Object.entries(usage))
      if (typeof value === 'number') merged[key] = value;
    this.#usage = merged as AnthropicUsage;
  }
}

export const anthropicChatCompletions: ChatCompletionsConnector = {
  buildRequest: (request, target) =>
    jsonPost(target, {
      url: messagesUrl(target),
      headers: anthropicHeaders,
      auth: apiKeyAuth(target),
      body: messagesRequest(request, target.deployment.model),
    }),
  parseResponse,
  streamFraming: 'sse',
  createStreamTranslator: (context) => new MessagesStreamTranslator(context),
};
