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
  optionalPositiveInteger,
  stopSequences,
} from '../transport/body-fields.ts';
import type { JsonObject } from '../transport/body-fields.ts';
import { InvalidRequestError } from '../transport/invalid-request.ts';

/**
 * A Gemini generateContent body as the neutral request. Thought parts (`"thought": true`)
 * are the model's own reasoning and count as nothing; function calls and responses count
 * as their JSON text, and a turn holding function responses is a `tool` message.
 */
function readContent(value: unknown, index: number): PromptMessage {
  if (!isObject(value))
    throw new InvalidRequestError(
      `* GenerateContentRequest.contents[${index}]: must be an object`,
      'contents',
    );
  let text = '';
  let hasFunctionResponse = false;
  for (const part of Array.isArray(value.parts) ? value.parts : []) {
    if (!isObject(part) || part.thought === true) continue;
    if (typeof part.text === 'string') text += part.text;
    if (isObject(part.functionCall))
      text += String(part.functionCall.name ?? '') + JSON.stringify(part.functionCall.args ?? {});
    if (isObject(part.functionResponse)) {
      hasFunctionResponse = true;
      text += JSON.stringify(part.functionResponse.response ?? {});
    }
  }
  const role = hasFunctionResponse ? 'tool' : value.role === 'model' ? 'assistant' : 'user';
  return { role, text };
}

function systemText(value: unknown): string {
  if (typeof value === 'string') return value;
  const parts = isObject(value) && Array.isArray(value.parts) ? value.parts : [];
  return parts.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
}

function readTools(body: JsonObject): ToolDefinition[] {
  const tools: ToolDefinition[] = [];
  for (const tool of optionalArray(body, 'tools')) {
    const declarations =
      isObject(tool) && Array.isArray(tool.functionDeclarations) ? tool.functionDeclarations : [];
    for (const fn of declarations) {
      if (!isObject(fn) || typeof fn.name !== 'string') {
        throw new InvalidRequestError(
          '* GenerateContentRequest.tools[0].function_declarations[0].name: Name cannot be empty.',
          'tools',
        );
      }
      tools.push({
        name: fn.name,
        description: typeof fn.description === 'string' ? fn.description : '',
        parameters: fn.parametersJsonSchema ?? fn.parameters,
      });
    }
  }
  return tools;
}

/** functionCallingConfig: AUTO, ANY (optionally narrowed by allowedFunctionNames), NONE. */
function readToolChoice(body: JsonObject): ToolChoice {
  const config = isObject(body.toolConfig) ? body.toolConfig.functionCallingConfig : undefined;
  const mode =
    isObject(config) && typeof config.mode === 'string' ? config.mode.toUpperCase() : 'AUTO';
  if (mode === 'NONE') return { kind: 'none' };
  if (mode !== 'ANY') return { kind: 'auto' };
  const allowed =
    isObject(config) && Array.isArray(config.allowedFunctionNames)
      ? config.allowedFunctionNames
      : [];
  return typeof allowed[0] === 'string' ? { kind: 'named', name: allowed[0] } : { kind: 'any' };
}

function readOutputFormat(config: JsonObject): OutputFormat {
  const schema = config.responseJsonSchema ?? config.responseSchema;
  if (schema !== undefined && schema !== null) return { kind: 'json_schema', schema };
  return config.responseMimeType === 'application/json'
    ? { kind: 'json_object' }
    : { kind: 'text' };
}

export function readGenerateContentRequest(raw: unknown): GenerationRequest {
  if (!isObject(raw))
    throw new InvalidRequestError('Invalid JSON payload received. Expected an object.', null);
  const contents = optionalArray(raw, 'contents');
  if (contents.length === 0) {
    throw new InvalidRequestError(
      '* GenerateContentRequest.contents: contents is not specified',
      'contents',
    );
  }
  const messages = contents.map(readContent);
  const system = systemText(raw.systemInstruction);
  if (system !== '') messages.unshift({ role: 'system', text: system });
  const config = isObject(raw.generationConfig) ? raw.generationConfig : {};
  const candidateCount = optionalPositiveInteger(config, 'candidateCount') ?? 1;
  if (candidateCount > 8) {
    throw new InvalidRequestError(
      '* GenerateContentRequest.generation_config.candidate_count: must be at most 8',
      'candidateCount',
    );
  }
  const tools = readTools(raw);
  const toolChoice = readToolChoice(raw);
  if (toolChoice.kind === 'named' && !tools.some((t) => t.name === toolChoice.name)) {
    throw new InvalidRequestError(
      `* allowed_function_names: '${toolChoice.name}' is not a declared function`,
      'toolConfig',
    );
  }
  return {
    messages,
    tools,
    toolChoice,
    output: readOutputFormat(config),
    maxTokens: optionalPositiveInteger(config, 'maxOutputTokens'),
    stopSequences: stopSequences(config, 'stopSequences'),
    choiceCount: candidateCount,
  };
}
