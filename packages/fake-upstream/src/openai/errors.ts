import type { ErrorBody } from '@alfred/contracts';
import type { ProviderErrors } from '../transport/provider-errors.ts';
import { jsonReply } from '../transport/reply.ts';

function openAiError(status: number, error: ErrorBody['error'], headers?: Record<string, string>) {
  const body: ErrorBody = { error };
  return jsonReply(status, body, headers);
}

/** OpenAI's `{"error": {message, type, param, code}}`, with the messages OpenAI uses. */
export const openAiErrors: ProviderErrors = {
  invalidJson: () =>
    openAiError(400, {
      message:
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)",
      type: 'invalid_request_error',
      param: null,
      code: null,
    }),
  invalidRequest: (message, param) =>
    openAiError(400, { message, type: 'invalid_request_error', param, code: null }),
  notFound: (method, path) =>
    openAiError(404, {
      message: `Invalid URL (${method} ${path})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    }),
  serverError: () =>
    openAiError(500, {
      message: 'The server had an error while processing your request. Sorry about that!',
      type: 'server_error',
      param: null,
      code: null,
    }),
  rateLimited: (retryAfterSeconds) =>
    openAiError(
      429,
      {
        message: `Rate limit reached for requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in ${retryAfterSeconds}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
      {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '0',
        'x-ratelimit-reset-requests': `${retryAfterSeconds}s`,
      },
    ),
};

/** Azure answers like OpenAI except its 429, whose `code` is the string "429" and has no type. */
export const azureErrors: ProviderErrors = {
  ...openAiErrors,
  rateLimited: (retryAfterSeconds) =>
    jsonReply(
      429,
      {
        error: {
          code: '429',
          message: `Rate limit is exceeded. Try again in ${retryAfterSeconds} seconds.`,
        },
      },
      {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '0',
      },
    ),
};
