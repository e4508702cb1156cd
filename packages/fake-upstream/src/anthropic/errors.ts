import type { ProviderErrors } from '../transport/provider-errors.ts';
import { jsonReply } from '../transport/reply.ts';

let requestCounter = 0;

/** `req_…` ids like Anthropic's; a counter keeps them unique and reproducible per process. */
function requestId(): string {
  requestCounter++;
  return `req_011CFake${requestCounter.toString(36).padStart(14, '0')}`;
}

/**
 * Anthropic's `{"type":"error","error":{type,message},"request_id"}`, with the `request-id`
 * header and `x-should-retry` (true for 429 and 5xx) that its errors carry.
 */
function anthropicError(
  status: number,
  type: string,
  message: string,
  headers: Record<string, string> = {},
) {
  const id = requestId();
  return jsonReply(
    status,
    { type: 'error', error: { type, message }, request_id: id },
    { 'request-id': id, 'x-should-retry': String(status === 429 || status >= 500), ...headers },
  );
}

export const anthropicErrors: ProviderErrors = {
  invalidJson: () =>
    anthropicError(
      400,
      'invalid_request_error',
      'There was an error parsing the body of your request: it is not valid JSON.',
    ),
  invalidRequest: (message) => anthropicError(400, 'invalid_request_error', message),
  notFound: (method, path) =>
    anthropicError(404, 'not_found_error', `Not found: ${method} ${path}`),
  serverError: () => anthropicError(500, 'api_error', 'Internal server error'),
  rateLimited: (retryAfterSeconds) =>
    anthropicError(
      429,
      'rate_limit_error',
      "This request would exceed your organization's rate limit. Please try again later.",
      {
        'retry-after': String(retryAfterSeconds),
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '0',
      },
    ),
};
