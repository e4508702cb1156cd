import type { UpstreamErrorInfo } from '../connector.ts';
import {
  mapUpstreamError,
  messageForUnreadableBody,
  retryAfterFromHeaders,
} from '../upstream-errors.ts';
import { isJsonObject, parseJsonText, snippet, stringField } from '../upstream-json.ts';
import type { JsonObject } from '../upstream-json.ts';

/**
 * Google's error envelope: `{"error": {code, message, status, details: [...]}}`. The
 * details say what the status does not: a bad key is a 400 with reason API_KEY_INVALID,
 * and a 429 carries its wait as RetryInfo.retryDelay ("26s").
 */
function mapGeminiError(
  status: number,
  error: JsonObject | undefined,
  fallbackMessage: string,
  headers: Record<string, string>,
): UpstreamErrorInfo {
  const details = Array.isArray(error?.details) ? error.details.filter(isJsonObject) : [];
  const reason = details.map((detail) => stringField(detail, 'reason')).find(Boolean);
  const retryInfo = details.find((detail) =>
    stringField(detail, '@type')?.endsWith('google.rpc.RetryInfo'),
  );
  const message = stringField(error, 'message') ?? fallbackMessage;
  return mapUpstreamError(status, {
    message,
    code: /input token count.*exceeds the maximum/i.test(message)
      ? 'context_length_exceeded'
      : null,
    credentialRejected: reason === 'API_KEY_INVALID',
    retryAfterSeconds: retryAfterFromHeaders(headers) ?? durationSeconds(retryInfo?.retryDelay),
  });
}

/** Protobuf JSON duration ("26s", "0.5s") → whole seconds, rounded up. */
function durationSeconds(duration: unknown): number | undefined {
  const match = typeof duration === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(duration) : null;
  return match?.[1] ? Math.ceil(Number(match[1])) : undefined;
}

export function parseGeminiError(
  status: number,
  headers: Record<string, string>,
  bodyText: string,
): UpstreamErrorInfo {
  const parsed = parseJsonText(bodyText);
  // Streaming endpoints without alt=sse wrap the error in an array.
  const body = Array.isArray(parsed) ? parsed[0] : parsed;
  const error = isJsonObject(body) && isJsonObject(body.error) ? body.error : undefined;
  return mapGeminiError(
    status,
    error,
    messageForUnreadableBody(status, snippet(bodyText)),
    headers,
  );
}

/** An error object sent inside a stream that had already started with HTTP 200. */
export function geminiStreamError(error: unknown): UpstreamErrorInfo {
  const details = isJsonObject(error) ? error : undefined;
  const status = typeof details?.code === 'number' ? details.code : 500;
  return mapGeminiError(status, details, 'The stream reported an error.', {});
}
