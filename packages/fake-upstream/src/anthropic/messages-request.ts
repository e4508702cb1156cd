import type {
  GenerationRequest,
  OutputFormat,
  PromptMessage,
  ToolChoice,
  ToolDefinition,
} from '../model/generation.ts';
import {
  isObject,
  optionalArray,
  optionalBoolean,
  optionalPositiveInteger,
  optionalString,
  requireObject,
  stopSequences,
} from '../transport/body-fields.ts';
import type { JsonObject } from '../transport/body-fields.ts';
import { InvalidRequestError } from '../transport/invalid-request.ts';

/** An Anthropic Messages request, read into the model's neutral form. */
export interface AnthropicMessagesCall {
  generation: GenerationRequest;
  model: string;
  stream: boolean;
}

/** Text of a string or of text blocks (images and documents count nothing). */
function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const block of content) {
    if (isObject(block) && block.type === 'text' && typeof block.text === 'string')
      text += block.text;
  }
  return text;
}

/**
 * One Anthropic message may hold text, tool_use and tool_result blocks. Tool results become
 * `tool` messages (Anthropic sends them inside a user turn), placed before the turn's text.
 */
function readMessage(value: unknown, index: number): PromptMessage[] {
  const message = requireObject(value, `messages.${index}`);
  if (message.role !== 'user' && message.role !== 'assistant') {
    throw new InvalidRequestError(
      `messages.${index}.role: Input should be 'user' or 'assistant'`,
      `messages.${index}.role`,
    );
  }
  const role = message.role;
  if (!Array.isArray(message.content)) return [{ role, text: blocksText(message.content) }];
  const out: PromptMessage[] = [];
  let text = '';
  for (const block of message.content) {
    if (!isObject(block)) continue;
    if (block.type === 'text' && typeof block.text === 'string') text += block.text;
    else if (block.type === 'tool_use')
      text += String(block.name ?? '') + JSON.stringify(block.input ?? {});
    else if (block.type === 'tool_result')
      out.push({ role: 'tool', text: blocksText(block.content) });
  }
  if (text !== '' || out.length === 0) out.push({ role, text });
  return out;
}

function readTools(body: JsonObject): ToolDefinition[] {
  return optionalArray(body, 'tools').map((tool, i) => {
    if (!isObject(tool) || typeof tool.name !== 'string') {
      throw new InvalidRequestError(`tools.${i}.name: Field required`, `tools.${i}.name`);
    }
    return {
      name: tool.name,
      description: typeof tool.description === 'string' ? tool.description : '',
      parameters: tool.input_schema,
    };
  });
}

function readToolChoice(body: JsonObject, tools: ToolDefinition[]): ToolChoice {
  const choice = body.tool_choice;
  if (choice === undefined || choice === null) return { kind: 'auto' };
  const type = isObject(choice) ? choice.type : undefined;
  if (type === 'auto' || type === 'none' || type === 'any') return { kind: type };
  if (type === 'tool' && isObject(choice) && typeof choice.name === 'string') {
    if (!tools.some((t) => t.name === choice.name)) {
      throw new InvalidRequestError(
        `tool_choice.name: tool '${choice.name}' not found in tools`,
        'tool_choice.name',
      );
    }
    return { kind: 'named', name: choice.name };
  }
  throw new InvalidRequestError(
    "tool_choice: Input tag does not match 'auto', 'any', 'tool' or 'none'",
    'tool_choice',
  );
}

/** Structured outputs: `output_format: {type: "json_schema", schema}`. */
function readOutputFormat(body: JsonObject): OutputFormat {
  const format = body.output_format;
  if (isObject(format) && format.type === 'json_schema')
    return { kind: 'json_schema', schema: format.schema };
  return { kind: 'text' };
}

export function readMessagesRequest(raw: unknown): AnthropicMessagesCall {
  const body = requireObject(raw, 'body');
  const model = optionalString(body, 'model');
  if (model === null) throw new InvalidRequestError('model: Field required', 'model');
  const maxTokens = optionalPositiveInteger(body, 'max_tokens');
  if (maxTokens === null) throw new InvalidRequestError('max_tokens: Field required', 'max_tokens');
  const rawMessages = optionalArray(body, 'messages');
  if (rawMessages.length === 0)
    throw new InvalidRequestError('messages: Field required', 'messages');
  const system = blocksText(body.system);
  const messages = rawMessages.flatMap(readMessage);
  if (system !== '') messages.unshift({ role: 'system', text: system });
  const tools = readTools(body);
  return {
    model,
    stream: optionalBoolean(body, 'stream'),
    generation: {
      messages,
      tools,
      toolChoice: readToolChoice(body, tools),
      output: readOutputFormat(body),
      maxTokens,
      stopSequences: stopSequences(body, 'stop_sequences'),
      choiceCount: 1,
    },
  };
}
