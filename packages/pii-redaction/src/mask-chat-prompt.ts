import type { ChatCompletionRequest, ChatMessage, ContentPart, PiiPolicy } from '@alfred/contracts';
import { findPii, redactSpans } from './find-pii.ts';
import type { PiiKind } from './pii-span.ts';

export interface MaskedChatPrompt {
  /** The request to send upstream: the original when nothing was masked. */
  request: ChatCompletionRequest;
  /** How many values of each kind were masked (kinds with none are absent). */
  masked: Partial<Record<PiiKind, number>>;
  total: number;
}

/**
 * Applies a team's prompt policy: with `maskPromptPii`, every message's text (string
 * content and text parts, whatever the role) has its PII replaced by placeholders before
 * the provider sees it. Images, audio, files, tool definitions and tool-call arguments are
 * left alone: arguments are JSON the model produced, and a placeholder could break it.
 * The request is not mutated; unchanged messages are shared with the copy.
 */
export function maskChatPrompt(
  request: ChatCompletionRequest,
  policy: PiiPolicy,
): MaskedChatPrompt {
  const masked: Partial<Record<PiiKind, number>> = {};
  if (!policy.maskPromptPii) return { request, masked, total: 0 };
  let total = 0;
  const maskText = (text: string): string => {
    const spans = findPii(text, { kinds: policy.kinds });
    for (const span of spans) masked[span.kind] = (masked[span.kind] ?? 0) + 1;
    total += spans.length;
    return redactSpans(text, spans);
  };
  let changed = false;
  const messages = request.messages.map((message) => {
    const content = maskContent(message.content, maskText);
    if (content === message.content) return message;
    changed = true;
    return { ...message, content } as ChatMessage;
  });
  return { request: changed ? { ...request, messages } : request, masked, total };
}

function maskContent(
  content: ChatMessage['content'],
  maskText: (text: string) => string,
): ChatMessage['content'] {
  if (typeof content === 'string') {
    const maskedText = maskText(content);
    return maskedText === content ? content : maskedText;
  }
  if (!Array.isArray(content)) return content;
  let changed = false;
  const parts = content.map((part): ContentPart => {
    if (part.type !== 'text') return part;
    const text = maskText(part.text);
    if (text === part.text) return part;
    changed = true;
    return { ...part, text };
  });
  return changed ? parts : content;
}
