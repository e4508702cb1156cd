import type { ChatCompletionRequest } from '@alfred/contracts';
import { fingerprintOf, normalizeRequest } from './request-fingerprint.ts';

/** What the semantic cache embeds for a request, and what must match exactly besides. */
export interface SemanticKey {
  /** The conversation without its instructions, as one text. */
  text: string;
  /**
   * Fingerprint of everything else that shapes the answer: model, parameters (tools,
   * response_format, temperature, max_tokens...) and the system/developer messages.
   * Entries only answer requests of the same variant.
   */
  variant: string;
}

const instructionRoles = new Set(['system', 'developer']);

/**
 * The embedded text is the conversation's user-visible turns, and the instructions are
 * matched exactly instead. A system prompt is often long and shared by every request of
 * an application: embedded with the question, it dominates the vector and makes unrelated
 * questions look alike, while a change of instructions (another persona, another output
 * format) must never be served an answer written for the old ones. Earlier assistant and
 * tool turns are embedded with their role, so a follow-up ("and in French?") only matches
 * a conversation that led to the same place. A single user turn is embedded as is.
 *
 * Null when the request is not for this cache: an image, audio or file part (its meaning
 * is not in the text), or a conversation longer than `maxChars`, which an embeddings model
 * would truncate and so compare on its beginning only.
 */
export function semanticKeyOf(
  request: ChatCompletionRequest,
  maxChars: number,
): SemanticKey | null {
  const normalized = normalizeRequest(request);
  const instructions: unknown[] = [];
  const turns: Array<{ role: string; text: string }> = [];
  for (const message of normalized.messages) {
    const role = String(message.role);
    const text = messageText(message);
    if (text === null) return null;
    if (instructionRoles.has(role)) instructions.push(message);
    else turns.push({ role, text });
  }
  const text =
    turns.length === 1 && turns[0]!.role === 'user'
      ? turns[0]!.text
      : turns.map((t) => `${t.role}: ${t.text}`).join('\n');
  if (text.trim() === '' || text.length > maxChars) return null;
  const variant = fingerprintOf({
    model: normalized.model,
    parameters: normalized.parameters,
    instructions,
  });
  return { text, variant: variant.slice(0, 32) };
}

/** The message's text, tool calls included; null if any part is not text. */
function messageText(message: Record<string, unknown>): string | null {
  const pieces: string[] = [];
  const content = message.content;
  if (typeof content === 'string') pieces.push(content);
  else if (Array.isArray(content)) {
    for (const part of content as Array<Record<string, unknown>>) {
      if (part.type === 'text') pieces.push(String(part.text));
      else if (part.type === 'refusal') pieces.push(String(part.refusal));
      else return null;
    }
  }
  const calls = message.tool_calls;
  if (Array.isArray(calls)) {
    for (const call of calls as Array<{ function?: { name?: string; arguments?: string } }>) {
      pieces.push(`${call.function?.name ?? ''}(${call.function?.arguments ?? ''})`);
    }
  }
  return pieces.join('\n');
}
