import type {
  ChatCompletionRequest,
  ChatMessage,
  ContentPart,
  Tool,
  ToolChoice,
} from '@alfred/contracts';
import {
  contentText,
  parseDataUrl,
  parseToolArguments,
  toolNamesById,
  unsupportedContent,
} from '../message-content.ts';
import { isJsonObject, parseJsonText } from '../upstream-json.ts';
import { thoughtSignatureOf } from './function-call-ids.ts';
import type {
  GeminiContent,
  GeminiFunctionDeclaration,
  GeminiGenerationConfig,
  GeminiPart,
  GeminiRequest,
} from './wire.ts';
import { requestedMaxTokens, stopSequences } from '../output-limits.ts';

/** OpenAI Chat Completions request → generateContent request. */
export function generateContentRequest(request: ChatCompletionRequest): GeminiRequest {
  const body: GeminiRequest = {
    contents: contents(request.messages),
    generationConfig: generationConfig(request),
  };
  const system = request.messages
    .filter((m) => m.role === 'system' || m.role === 'developer')
    .flatMap((m) => textParts(m.content));
  if (system.length) body.systemInstruction = { parts: system };
  if (request.tools?.length) {
    body.tools = [{ functionDeclarations: request.tools.map(functionDeclaration) }];
    const config = functionCallingConfig(request.tool_choice);
    if (config) body.toolConfig = { functionCallingConfig: config };
  }
  return body;
}

function generationConfig(request: ChatCompletionRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {};
  if (request.temperature != null) config.temperature = request.temperature;
  if (request.top_p != null) config.topP = request.top_p;
  const maxTokens = requestedMaxTokens(request);
  if (maxTokens != null) config.maxOutputTokens = maxTokens;
  const stop = stopSequences(request);
  if (stop) config.stopSequences = stop;
  if (request.n != null) config.candidateCount = request.n;
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty;
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty;
  if (request.seed != null) config.seed = request.seed;
  const format = request.response_format;
  if (format?.type === 'json_object' || format?.type === 'json_schema')
    config.responseMimeType = 'application/json';
  if (format?.type === 'json_schema' && format.json_schema.schema)
    config.responseJsonSchema = format.json_schema.schema;
  return config;
}

/** Turns alternate user/model; consecutive turns of one role merge (parallel tool results share one). */
function contents(messages: ChatMessage[]): GeminiContent[] {
  const names = toolNamesById(messages);
  const turns: GeminiContent[] = [];
  for (const message of messages) {
    const turn = geminiTurn(message, names);
    if (!turn) continue;
    const previous = turns.at(-1);
    if (previous?.role === turn.role) previous.parts.push(...turn.parts);
    else turns.push(turn);
  }
  return turns;
}

function geminiTurn(message: ChatMessage, names: Map<string, string>): GeminiContent | undefined {
  switch (message.role) {
    case 'system':
    case 'developer':
      return undefined;
    case 'user':
      return {
        role: 'user',
        parts:
          typeof message.content === 'string'
            ? [{ text: message.content }]
            : message.content.map(userPart),
      };
    case 'assistant': {
      const text = contentText(message.content);
      const parts: GeminiPart[] = [
        ...(text ? [{ text }] : []),
        ...(message.tool_calls ?? []).map((call) => {
          const part: GeminiPart = {
            functionCall: {
              name: call.function.name,
              args: parseToolArguments(call.function.arguments),
            },
          };
          const signature = thoughtSignatureOf(call.id);
          if (signature) part.thoughtSignature = signature;
          return part;
        }),
      ];
      return parts.length ? { role: 'model', parts } : undefined;
    }
    case 'tool': {
      // Gemini answers calls by function name; the OpenAI message only has the call's id.
      const name = names.get(message.tool_call_id) ?? message.tool_call_id;
      return { role: 'user', parts: [functionResponse(name, contentText(message.content))] };
    }
    case 'function':
      return { role: 'user', parts: [functionResponse(message.name, message.content ?? '')] };
  }
}

/** Gemini wants the result as an object: JSON objects pass, anything else is wrapped as `output`. */
function functionResponse(name: string, result: string): GeminiPart {
  const parsed = parseJsonText(result);
  return {
    functionResponse: {
      name,
      response: isJsonObject(parsed) ? parsed : { output: parsed ?? result },
    },
  };
}

function textParts(content: ChatMessage['content']): GeminiPart[] {
  const text = contentText(content);
  return text ? [{ text }] : [];
}

function userPart(part: ContentPart): GeminiPart {
  switch (part.type) {
    case 'text':
      return { text: part.text };
    case 'refusal':
      return { text: part.refusal };
    case 'image_url':
      return mediaPart(part.image_url.url, 'image');
    case 'input_audio':
      return {
        inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data },
      };
    case 'file': {
      const data = typeof part.file.file_data === 'string' ? part.file.file_data : undefined;
      if (!data?.startsWith('data:'))
        throw unsupportedContent('Gemini', 'files other than inline data URLs');
      return mediaPart(data, 'file');
    }
  }
}

function mediaPart(url: string, what: string): GeminiPart {
  const data = parseDataUrl(url);
  if (data) return { inlineData: { mimeType: data.mediaType, data: data.data } };
  if (/^https?:\/\//i.test(url)) return { fileData: { mimeType: imageTypeOf(url), fileUri: url } };
  throw unsupportedContent('Gemini', `${what} URLs other than http(s) and base64 data URLs`);
}

/** fileData needs a MIME type, which an OpenAI image URL does not state: guess from the extension. */
function imageTypeOf(url: string): string {
  const extension = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  const types: Record<string, string> = {
    png: 'image/png',
    webp: 'image/webp',
    gif: 'image/gif',
    heic: 'image/heic',
    heif: 'image/heif',
  };
  return (extension && types[extension]) || 'image/jpeg';
}

function functionDeclaration(tool: Tool): GeminiFunctionDeclaration {
  const { name, description, parameters } = tool.function;
  return {
    name,
    ...(description ? { description } : {}),
    ...(parameters ? { parametersJsonSchema: parameters } : {}),
  };
}

function functionCallingConfig(
  choice: ToolChoice | undefined,
): NonNullable<GeminiRequest['toolConfig']>['functionCallingConfig'] | undefined {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  if (typeof choice === 'object')
    return { mode: 'ANY', allowedFunctionNames: [choice.function.name] };
  return undefined;
}
