import type { WorkRequest } from '@alfred/contracts';
import type { RouteRequest } from './route-plan.ts';

/** A token is rarely under 3 characters: like ingress's reservation estimate, this errs high. */
const charsPerToken = 3;
const tokensPerMessage = 8;

/**
 * What the planner needs from a work request. The prompt size is ingress's estimate when it
 * made a reservation; otherwise (credits off) a cheap count of the text, without serializing
 * the body. Call it once the body is loaded (after a `bodyRef` is resolved).
 */
export function routeRequestOf(work: WorkRequest): RouteRequest {
  return {
    model: work.model,
    estimatedPromptTokens: work.billing?.estimatedInputTokens ?? promptTokensOf(work.body),
    tags: work.tags ?? [],
    teamId: work.caller.teamId,
  };
}

function promptTokensOf(body: Record<string, unknown> | undefined): number {
  if (!body) return 0;
  if (Array.isArray(body.messages)) {
    let chars = 0;
    for (const message of body.messages as { content?: unknown }[]) {
      chars += charsOf(message?.content);
    }
    return Math.ceil(chars / charsPerToken) + tokensPerMessage * body.messages.length;
  }
  return Math.ceil(charsOf(body.input) / charsPerToken);
}

function charsOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let chars = 0;
    for (const item of value) chars += typeof item === 'number' ? charsPerToken : charsOf(item);
    return chars;
  }
  if (typeof value === 'object' && value !== null) {
    const part = value as { text?: unknown };
    // Text parts count; images and audio are priced differently and ignored here.
    return typeof part.text === 'string' ? part.text.length : 0;
  }
  return 0;
}
