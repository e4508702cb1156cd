import { gatewayErrors } from '@alfred/contracts';
import type { ChatMessage, ContentPart } from '@alfred/contracts';

/** Translating OpenAI message content into what providers without OpenAI's format accept. */

type MessageContent = ChatMessage['content'] | ContentPart[];

/** The text of a message: the string itself, or its text (and refusal) parts concatenated. */
export function contentText(content: MessageContent | undefined): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content
    .map((part) => (part.type === 'text' ? part.text : part.type === 'refusal' ? part.refusal : ''))
    .join('');
}

export interface DataUrl {
  mediaType: string;
  /** Base64 payload. */
  data: string;
}

/** `data:image/png;base64,AAAA` → `{mediaType: 'image/png', data: 'AAAA'}`; undefined for other URLs. */
export function parseDataUrl(url: string): DataUrl | undefined {
  const match = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s.exec(url);
  if (!match?.[1] || match[2] === undefined) return undefined;
  return { mediaType: match[1], data: match[2] };
}

/**
 * Tool-call arguments as an object, for providers that take objects (Anthropic, Gemini,
 * Ollama). OpenAI accepts any string, so a client may replay arguments that are not JSON;
 * they become `{}` rather than failing the whole conversation.
 */
export function parseToolArguments(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Function names by tool-call id: providers that answer tool results by name need them. */
export function toolNamesById(messages: ChatMessage[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const message of messages) {
    if (message.role !== 'assistant') continue;
    for (const call of message.tool_calls ?? []) names.set(call.id, call.function.name);
  }
  return names;
}

/** The 400 for content a provider cannot take, so the client learns it before any upstream call. */
export function unsupportedContent(provider: string, what: string): Error {
  return gatewayErrors.invalidRequest(`${provider} models do not accept ${what}.`, 'messages');
}
