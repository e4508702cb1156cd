import { gatewayErrors } from '@alfred/contracts';
import type {
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  ResponseFormat,
  Tool,
  ToolChoice,
} from '@alfred/contracts';
import {
  contentText,
  parseDataUrl,
  parseToolArguments,
  unsupportedContent,
} from '../message-content.ts';
import type {
  AnthropicContentBlock,
  AnthropicMessage,
  AnthropicRequest,
  AnthropicSource,
  AnthropicTextBlock,
  AnthropicTool,
  AnthropicToolChoice,
} from './wire.ts';
import { requestedMaxTokens, stopSequences } from '../output-limits.ts';

/** Anthropic requires `max_tokens`; OpenAI clients often leave it out. */
export const DEFAULT_MAX_TOKENS = 4096;

/** OpenAI Chat Completions request → Messages API request for the deployment's `model`. */
export function messagesRequest(request: ChatCompletionRequest, model: string): AnthropicRequest {
  if ((request.n ?? 1) > 1) {
    throw gatewayErrors.invalidRequest(
      'Anthropic models return one choice per request: n must be 1.',
      'n',
    );
  }
  const body: AnthropicRequest = {
    model,
    max_tokens: requestedMaxTokens(request) ?? DEFAULT_MAX_TOKENS,
    messages: conversation(request.messages),
  };
  const system = systemPrompt(request.messages);
  if (system !== undefined) body.system = system;
  const stop = stopSequences(request);
  if (stop?.length) body.stop_sequences = stop;
  if (request.temperature != null) body.temperature = request.temperature;
  if (request.top_p != null) body.top_p = request.top_p;
  if (request.user) body.metadata = { user_id: request.user };
  if (request.tools?.length) {
    body.tools = request.tools.map(anthropicTool);
    const choice = toolChoice(request.tool_choice, request.parallel_tool_calls);
    if (choice) body.tool_choice = choice;
  }
  const format = outputFormat(request.response_format);
  if (format) body.output_config = { format };
  if (request.stream) body.stream = true;
  return body;
}

/** Anthropic has one system prompt: system and developer messages, wherever they are, join it. */
function systemPrompt(messages: ChatMessage[]): AnthropicRequest['system'] {
  const instructions = messages.filter((m) => m.role === 'system' || m.role === 'developer');
  const [only] = instructions;
  if (!only) return undefined;
  if (instructions.length === 1 && typeof only.content === 'string') return only.content;
  return instructions.flatMap((m) =>
    typeof m.content === 'string'
      ? textBlocks(m.content)
      : m.content.flatMap((part) => (part.type === 'text' ? [textPartBlock(part)] : [])),
  );
}

/**
 * Messages become alternating turns: tool results are user content for Anthropic, and
 * consecutive turns of one role are merged so parallel tool results share one user turn.
 */
function conversation(messages: ChatMessage[]): AnthropicMessage[] {
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    const turn = anthropicTurn(message);
    if (!turn) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) {
      previous.content = [...asBlocks(previous.content), ...asBlocks(turn.content)];
    } else {
      turns.push(turn);
    }
  }
  return turns;
}

function anthropicTurn(message: ChatMessage): AnthropicMessage | undefined {
  switch (message.role) {
    case 'system':
    case 'developer':
      return undefined;
    case 'user':
      return {
        role: 'user',
        content:
          typeof message.content === 'string'
            ? message.content
            : message.content.flatMap(userBlocks),
      };
    case 'assistant': {
      const blocks: AnthropicContentBlock[] = [
        ...textBlocks(contentText(message.content)),
        ...(message.tool_calls ?? []).map((call) => ({
          type: 'tool_use' as const,
          id: toolUseId(call.id),
          name: call.function.name,
          input: parseToolArguments(call.function.arguments),
        })),
      ];
      return blocks.length ? { role: 'assistant', content: blocks } : undefined;
    }
    case 'tool':
      return {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: toolUseId(message.tool_call_id),
            content: contentText(message.content),
          },
        ],
      };
    case 'function':
      return { role: 'user', content: textBlocks(message.content ?? '') };
  }
}

function userBlocks(part: ContentPart): AnthropicContentBlock[] {
  switch (part.type) {
    case 'text':
      return [textPartBlock(part)];
    case 'refusal':
      return textBlocks(part.refusal);
    case 'image_url':
      return [{ type: 'image', source: source(part.image_url.url, 'image') }];
    case 'file': {
      const data =
        typeof part.file.file_data === 'string' ? parseDataUrl(part.file.file_data) : undefined;
      if (data?.mediaType !== 'application/pdf')
        throw unsupportedContent('Anthropic', 'files other than inline PDFs');
      return [
        {
          type: 'document',
          source: { type: 'base64', media_type: data.mediaType, data: data.data },
        },
      ];
    }
    case 'input_audio':
      throw unsupportedContent('Anthropic', 'audio input');
  }
}

function textPartBlock(part: Extract<ContentPart, { type: 'text' }>): AnthropicTextBlock {
  const block: AnthropicTextBlock = { type: 'text', text: part.text };
  // Clients that know Anthropic mark cache breakpoints on OpenAI text parts; keep them.
  if (part.cache_control !== undefined) block.cache_control = part.cache_control;
  return block;
}

function source(url: string, what: string): AnthropicSource {
  const data = parseDataUrl(url);
  if (data) return { type: 'base64', media_type: data.mediaType, data: data.data };
  if (/^https?:\/\//i.test(url)) return { type: 'url', url };
  throw unsupportedContent('Anthropic', `${what} URLs other than http(s) and base64 data URLs`);
}

/** Anthropic rejects empty text blocks. */
function textBlocks(text: string): AnthropicTextBlock[] {
  return text ? [{ type: 'text', text }] : [];
}

function asBlocks(content: AnthropicMessage['content']): AnthropicContentBlock[] {
  return typeof content === 'string' ? textBlocks(content) : content;
}

/** Tool-use ids must match `^[a-zA-Z0-9_-]+$`; ids minted by other providers may not. */
function toolUseId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function anthropicTool(tool: Tool): AnthropicTool {
  const { name, description, parameters } = tool.function;
  return {
    name,
    ...(description ? { description } : {}),
    input_schema: parameters ?? { type: 'object', properties: {} },
  };
}

function toolChoice(
  choice: ToolChoice | undefined,
  parallel: boolean | undefined,
): AnthropicToolChoice | undefined {
  if (choice === 'none') return { type: 'none' };
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'required') return { type: 'any', ...disable };
  if (typeof choice === 'object') return { type: 'tool', name: choice.function.name, ...disable };
  if (choice === 'auto' || parallel === false) return { type: 'auto', ...disable };
  return undefined;
}

/** Only JSON schema has an Anthropic equivalent (structured outputs); json_object has none. */
function outputFormat(
  format: ResponseFormat | undefined,
): NonNullable<AnthropicRequest['output_config']>['format'] | undefined {
  if (format?.type !== 'json_schema' || !format.json_schema.schema) return undefined;
  return { type: 'json_schema', schema: format.json_schema.schema };
}
