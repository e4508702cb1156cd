import type { ChatCompletionRequest } from '@alfred/contracts';
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

/** An OpenAI (or Azure) chat request, read into the model's neutral form. */
export interface OpenAiChatCall {
  generation: GenerationRequest;
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

const roles: Record<string, PromptMessage['role']> = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
};

/** The text of `content`: a string, or the `text` of its text parts (images count nothing). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  let text = '';
  for (const part of content) {
    if (isObject(part) && typeof part.text === 'string') text += part.text;
  }
  return text;
}

function readMessage(value: unknown, index: number): PromptMessage {
  const param = `messages.[${index}]`;
  const message = requireObject(value, param);
  const role = typeof message.role === 'string' ? roles[message.role] : undefined;
  if (role === undefined) {
    throw new InvalidRequestError(`Invalid value for '${param}.role'.`, `${param}.role`);
  }
  let text = contentText(message.content);
  // Tool calls the assistant made earlier are prompt text too.
  if (Array.isArray(message.tool_calls)) {
    for (const call of message.tool_calls) {
      const fn = isObject(call) && isObject(call.function) ? call.function : {};
      text += String(fn.name ?? '') + String(fn.arguments ?? '');
    }
  }
  return { role, text };
}

function readTools(body: JsonObject): ToolDefinition[] {
  return optionalArray(body, 'tools').map((tool, i) => {
    const fn = isObject(tool) ? tool.function : undefined;
    if (!isObject(fn) || typeof fn.name !== 'string') {
      throw new InvalidRequestError(
        `Missing required parameter: 'tools[${i}].function.name'.`,
        `tools[${i}].function.name`,
      );
    }
    return {
      name: fn.name,
      description: typeof fn.description === 'string' ? fn.description : '',
      parameters: fn.parameters,
    };
  });
}

function readToolChoice(body: JsonObject, tools: ToolDefinition[]): ToolChoice {
  const choice = body.tool_choice as ChatCompletionRequest['tool_choice'] | null | undefined;
  if (choice === undefined || choice === null) return { kind: tools.length > 0 ? 'auto' : 'none' };
  if (tools.length === 0 && choice !== 'none') {
    throw new InvalidRequestError(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
    );
  }
  if (choice === 'none' || choice === 'auto') return { kind: choice };
  if (choice === 'required') return { kind: 'any' };
  const name = isObject(choice) && isObject(choice.function) ? choice.function.name : undefined;
  if (typeof name !== 'string') {
    throw new InvalidRequestError("Invalid value for 'tool_choice'.", 'tool_choice');
  }
  if (!tools.some((t) => t.name === name)) {
    throw new InvalidRequestError(
      `Invalid value for 'tool_choice': function '${name}' is not one of the 'tools'.`,
      'tool_choice',
    );
  }
  return { kind: 'named', name };
}

function readOutputFormat(body: JsonObject): OutputFormat {
  const format = body.response_format;
  if (format === undefined || format === null) return { kind: 'text' };
  const type = isObject(format) ? format.type : undefined;
  if (type === 'json_object') return { kind: 'json_object' };
  if (type === 'json_schema') {
    const jsonSchema = isObject(format) ? format.json_schema : undefined;
    if (!isObject(jsonSchema)) {
      throw new InvalidRequestError(
        "Missing required parameter: 'response_format.json_schema'.",
        'response_format.json_schema',
      );
    }
    return { kind: 'json_schema', schema: jsonSchema.schema ?? { type: 'object' } };
  }
  if (type === 'text') return { kind: 'text' };
  throw new InvalidRequestError(
    "Invalid value for 'response_format.type'.",
    'response_format.type',
  );
}

/**
 * Reads a Chat Completions body. `deployment` is the Azure deployment from the path: Azure
 * bodies carry no `model`, and the deployment name stands in for it.
 */
export function readChatRequest(raw: unknown, deployment: string | null): OpenAiChatCall {
  const body = requireObject(raw, 'body');
  const model = optionalString(body, 'model') ?? deployment;
  if (model === null || model === '') {
    throw new InvalidRequestError('you must provide a model parameter', 'model');
  }
  const rawMessages = optionalArray(body, 'messages');
  if (rawMessages.length === 0) {
    throw new InvalidRequestError("Missing required parameter: 'messages'.", 'messages');
  }
  const tools = readTools(body);
  const choiceCount = optionalPositiveInteger(body, 'n') ?? 1;
  if (choiceCount > 128) throw new InvalidRequestError("'n' must be at most 128.", 'n');
  const streamOptions = body.stream_options;
  return {
    model,
    stream: optionalBoolean(body, 'stream'),
    includeUsage: isObject(streamOptions) && streamOptions.include_usage === true,
    generation: {
      messages: rawMessages.map(readMessage),
      tools,
      toolChoice: readToolChoice(body, tools),
      output: readOutputFormat(body),
      maxTokens:
        optionalPositiveInteger(body, 'max_completion_tokens') ??
        optionalPositiveInteger(body, 'max_tokens'),
      stopSequences: stopSequences(body, 'stop'),
      choiceCount,
    },
  };
}
