import { gatewayErrors } from '@alfred/contracts';
import type { ChatCompletionRequest, ChatMessage, ContentPart } from '@alfred/contracts';
import {
  contentText,
  parseDataUrl,
  parseToolArguments,
  toolNamesById,
  unsupportedContent,
} from '../message-content.ts';
import type { OllamaChatRequest, OllamaMessage, OllamaOptions } from './wire.ts';
import { requestedMaxTokens, stopSequences } from '../output-limits.ts';

/** OpenAI Chat Completions request → Ollama /api/chat request for the deployment's `model`. */
export function ollamaChatRequest(
  request: ChatCompletionRequest,
  model: string,
): OllamaChatRequest {
  if ((request.n ?? 1) > 1) {
    throw gatewayErrors.invalidRequest(
      'Ollama models return one choice per request: n must be 1.',
      'n',
    );
  }
  const names = toolNamesById(request.messages);
  const body: OllamaChatRequest = {
    model,
    messages: request.messages.map((message) => ollamaMessage(message, names)),
    stream: request.stream === true,
  };
  const options = samplingOptions(request);
  if (Object.keys(options).length) body.options = options;
  const format = request.response_format;
  if (format?.type === 'json_object') body.format = 'json';
  if (format?.type === 'json_schema') body.format = format.json_schema.schema ?? 'json';
  // Ollama has no tool_choice; "none" is honoured by not offering the tools.
  if (request.tools?.length && request.tool_choice !== 'none') body.tools = request.tools;
  return body;
}

function samplingOptions(request: ChatCompletionRequest): OllamaOptions {
  const options: OllamaOptions = {};
  if (request.temperature != null) options.temperature = request.temperature;
  if (request.top_p != null) options.top_p = request.top_p;
  const maxTokens = requestedMaxTokens(request);
  if (maxTokens != null) options.num_predict = maxTokens;
  const stop = stopSequences(request);
  if (stop) options.stop = stop;
  if (request.seed != null) options.seed = request.seed;
  if (request.presence_penalty != null) options.presence_penalty = request.presence_penalty;
  if (request.frequency_penalty != null) options.frequency_penalty = request.frequency_penalty;
  return options;
}

function ollamaMessage(message: ChatMessage, names: Map<string, string>): OllamaMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: contentText(message.content) };
    case 'user': {
      const parts = typeof message.content === 'string' ? [] : message.content;
      const images = parts.flatMap(imageData);
      return {
        role: 'user',
        content: contentText(message.content),
        ...(images.length ? { images } : {}),
      };
    }
    case 'assistant': {
      const calls = (message.tool_calls ?? []).map((call) => ({
        function: {
          name: call.function.name,
          arguments: parseToolArguments(call.function.arguments),
        },
      }));
      return {
        role: 'assistant',
        content: contentText(message.content),
        ...(calls.length ? { tool_calls: calls } : {}),
      };
    }
    case 'tool': {
      const name = names.get(message.tool_call_id);
      return {
        role: 'tool',
        content: contentText(message.content),
        ...(name ? { tool_name: name } : {}),
      };
    }
    case 'function':
      return { role: 'tool', content: message.content ?? '', tool_name: message.name };
  }
}

function imageData(part: ContentPart): string[] {
  switch (part.type) {
    case 'text':
    case 'refusal':
      return [];
    case 'image_url': {
      const data = parseDataUrl(part.image_url.url);
      if (!data) throw unsupportedContent('Ollama', 'image URLs (send images as base64 data URLs)');
      return [data.data];
    }
    case 'input_audio':
      throw unsupportedContent('Ollama', 'audio input');
    case 'file':
      throw unsupportedContent('Ollama', 'file input');
  }
}
