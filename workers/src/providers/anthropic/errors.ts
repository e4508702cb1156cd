import type { UpstreamErrorInfo } from '../connector.ts';
import {
  mapUpstreamError,
  messageForUnreadableBody,
  retryAfterFromHeaders,
} from '../upstream-errors.ts';
import { isJsonObject, parseJsonText, snippet, stringField } from '../upstream-json.ts';

/** Anthropic's error types and the HTTP status each comes with (https://docs.claude.com/en/api/errors). */
const STATUS_BY_ERROR_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

function mapAnthropicError(
  status: number,
  error: Record<string, unknown> | undefined,
  fallbackMessage: string,
  headers: Record<string, string>,
): UpstreamErrorInfo {
  const message = stringField(error, 'message') ?? fallbackMessage;
  // An empty account is a 400 for Anthropic; for the client it is the gateway's quota.
  const outOfCredit = /credit balance is too low/i.test(message);
  return mapUpstreamError(outOfCredit ? 402 : status, {
    message,
    // Clients branch on OpenAI's code for an over-long prompt; Anthropic has no code for it.
    code: /^prompt is too long/i.test(message) ? 'context_length_exceeded' : null,
    retryAfterSeconds: retryAfterFromHeaders(headers),
  });
}

export function parseAnthropicError(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
): UpstreamErrorInfo {
  const body = parseJsonText(bodyText);
  const error = isJsonObject(body) && isJsonObject(body.error) ? body.error : undefined;
  return mapAnthropicError(
    status,
    error,
    messageForUnreadableBody(status, snippet(bodyText)),
    headers,
  );
}

/** The `error` event of a stream that had already started with HTTP 200. */
export function anthropicStreamError(error: unknown): UpstreamErrorInfo {
  const details = isJsonObject(error) ? error : undefined;
  const status = STATUS_BY_ERROR_TYPE[stringField(details, 'type') ?? ''] ?? 500;
  return mapAnthropicError(status, details, 'The stream reported an error.', {});
}
