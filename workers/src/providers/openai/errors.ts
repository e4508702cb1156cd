import type { UpstreamErrorInfo } from '../connector.ts';
import {
  mapUpstreamError,
  messageForUnreadableBody,
  midStreamFailure,
  retryAfterFromHeaders,
  retryAfterFromMessage,
} from '../upstream-errors.ts';
import { isJsonObject, parseJsonText, snippet, stringField } from '../upstream-json.ts';

/**
 * Errors of OpenAI and OpenAI-compatible servers. They agree on `{"error": {...}}` only
 * roughly: Mistral and vLLM put the fields at the top level, FastAPI-based servers answer
 * validation failures with `{"detail": [...]}`, Azure's 429 code is the string "429".
 */

export interface OpenAIStyleError {
  message?: string | undefined;
  code?: unknown;
  type?: string | undefined;
  param?: string | undefined;
}

export function readOpenAIStyleError(body: unknown): OpenAIStyleError | undefined {
  if (!isJsonObject(body)) return undefined;
  const error = body.error;
  if (isJsonObject(error)) {
    return {
      message: stringField(error, 'message'),
      code: error.code,
      type: stringField(error, 'type'),
      param: stringField(error, 'param'),
    };
  }
  if (typeof error === 'string') return { message: error };
  const message = body.message ?? body.detail;
  if (message === undefined) return undefined;
  return {
    message: typeof message === 'string' ? message : snippet(JSON.stringify(message), 1000),
    code: body.code,
    type: stringField(body, 'type'),
    param: stringField(body, 'param'),
  };
}

export function parseOpenAICompatibleError(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
): UpstreamErrorInfo {
  const error = readOpenAIStyleError(parseJsonText(bodyText));
  const message = error?.message ?? messageForUnreadableBody(status, snippet(bodyText));
  return mapUpstreamError(status, {
    message,
    code: error?.code,
    param: error?.param,
    quotaExhausted: error?.code === 'insufficient_quota' || error?.type === 'insufficient_quota',
    retryAfterSeconds: retryAfterFromHeaders(headers) ?? retryAfterFromMessage(message),
  });
}

/** An error object sent inside a 200 stream (`data: {"error": {...}}`). */
export function openAIStreamError(body: unknown): UpstreamErrorInfo {
  const error = readOpenAIStyleError(body);
  return midStreamFailure(error?.message);
}
