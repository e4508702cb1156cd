import type { UpstreamErrorInfo } from './connector.ts';
import { GatewayError } from '@alfred/contracts';

/**
 * How a provider's failure looks to an OpenAI client. One rule set for every connector,
 * so a client sees the same status and type whichever provider served the model:
 *
 * - 400/404/413/422 are about the request: the status stays, with the provider's message.
 * - 401/403 mean the gateway's credential is wrong, not the client's key: 502.
 * - 429 stays 429 (rate_limit_exceeded or insufficient_quota), with the wait if known.
 * - 503 and Anthropic's 529 mean overloaded: 503. Other 5xx: 502.
 */

export interface ProviderErrorDetails {
  /** The provider's own message; undefined when the body had none. */
  message?: string | undefined;
  /** The provider's error code, kept only if it looks like one of OpenAI's (`snake_case`). */
  code?: unknown;
  param?: string | null | undefined;
  /** The provider says the account is out of quota or credit (as opposed to too fast). */
  quotaExhausted?: boolean;
  /** The provider rejected the credential with a status other than 401/403 (Gemini: 400). */
  credentialRejected?: boolean;
  retryAfterSeconds?: number | undefined;
}

const REQUEST_STATUSES = new Set([400, 404, 413, 422]);

export function mapUpstreamError(status: number, details: ProviderErrorDetails): UpstreamErrorInfo {
  const providerMessage = details.message?.trim() || undefined;
  const retry =
    details.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: details.retryAfterSeconds };

  if (status === 401 || status === 403 || details.credentialRejected) {
    // The provider's message is dropped on purpose: it may quote part of the key.
    return {
      status: 502,
      type: 'upstream_error',
      code: 'upstream_authentication_failed',
      param: null,
      message:
        `The upstream provider rejected the gateway's credential (HTTP ${status}). ` +
        'This is a gateway configuration problem, not a problem with your API key.',
    };
  }
  // 402 is a provider's way of saying the gateway's account has no credit left.
  if (status === 429 || status === 402) {
    const type =
      details.quotaExhausted || status === 402 ? 'insufficient_quota' : 'rate_limit_exceeded';
    return {
      status: 429,
      type,
      code: type,
      param: null,
      message:
        providerMessage ?? 'The upstream provider is rate limiting requests. Try again later.',
      ...retry,
    };
  }
  if (REQUEST_STATUSES.has(status)) {
    return {
      status,
      type: 'invalid_request_error',
      code: openAILikeCode(details.code),
      param: details.param ?? null,
      message: providerMessage ?? `The upstream provider rejected the request (HTTP ${status}).`,
    };
  }
  if (status === 503 || status === 529) {
    return {
      status: 503,
      type: 'upstream_error',
      code: 'upstream_overloaded',
      param: null,
      message: `The upstream provider is overloaded (HTTP ${status})${suffix(providerMessage)}`,
      ...retry,
    };
  }
  if (status >= 500) {
    return {
      status: 502,
      type: 'upstream_error',
      code: 'upstream_server_error',
      param: null,
      message: `The upstream provider failed (HTTP ${status})${suffix(providerMessage)}`,
    };
  }
  // Any other answer (405, 409, 415, a 3xx...) is the gateway's fault, not the client's.
  return {
    status: 502,
    type: 'upstream_error',
    code: 'upstream_request_rejected',
    param: null,
    message: `The upstream provider answered HTTP ${status}${suffix(providerMessage)}`,
  };
}

function suffix(message: string | undefined): string {
  return message ? `: ${message}` : '.';
}

/** `context_length_exceeded` passes; Azure's `"429"` or Gemini's `INVALID_ARGUMENT` do not. */
export function openAILikeCode(code: unknown): string | null {
  return typeof code === 'string' && /^[a-z][a-z0-9_]*$/.test(code) ? code : null;
}

/** Case-insensitive header lookup: recorded and live header maps differ in case. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Whole seconds to wait, from `retry-after-ms` (OpenAI SDK convention, more precise) or
 * `retry-after` (seconds or an HTTP date). Rounded up: Retry-After takes whole seconds.
 */
export function retryAfterFromHeaders(
  headers: Record<string, string>,
  now: number = Date.now(),
): number | undefined {
  const ms = Number(headerValue(headers, 'retry-after-ms'));
  if (headerValue(headers, 'retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) {
    return Math.ceil(ms / 1000);
  }
  const value = headerValue(headers, 'retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The wait OpenAI ("Please try again in 174ms") and Azure ("Try again in 2 seconds")
 * write into 429 messages when they send no header. Used only as a fallback.
 */
export function retryAfterFromMessage(message: string | undefined): number | undefined {
  const match = message?.match(
    /try again in (\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?)\b/i,
  );
  if (!match?.[1] || !match[2]) return undefined;
  const amount = Number(match[1]);
  return Math.ceil(match[2].toLowerCase().startsWith('m') ? amount / 1000 : amount);
}

/** The message to use when the body is not the provider's JSON error (a proxy page, nothing). */
export function messageForUnreadableBody(status: number, excerpt: string): string {
  return excerpt
    ? `The upstream provider answered HTTP ${status} with a body that is not its JSON error format: ${excerpt}`
    : `The upstream provider answered HTTP ${status} with an empty body.`;
}

/** A 2xx answer the connector cannot read: the provider broke its own format. */
export function malformedResponse(what: string): GatewayError {
  return new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_malformed_response',
    message: `The upstream provider sent a response the gateway cannot read: ${what}.`,
  });
}

/** An error reported inside a stream that gives no status to go by (OpenAI, Ollama). */
export function midStreamFailure(message: string | undefined): UpstreamErrorInfo {
  return {
    status: 502,
    type: 'upstream_error',
    code: 'upstream_server_error',
    param: null,
    message: `The upstream provider failed during the stream: ${message?.trim() || 'no reason given'}`,
  };
}
