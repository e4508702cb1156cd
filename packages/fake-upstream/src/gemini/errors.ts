import type { ProviderErrors } from '../transport/provider-errors.ts';
import { jsonReply } from '../transport/reply.ts';

/** Google's `{"error": {code, message, status, details?}}`. */
function googleError(
  code: number,
  status: string,
  message: string,
  details?: unknown[],
  headers?: Record<string, string>,
) {
  const error =
    details === undefined ? { code, message, status } : { code, message, status, details };
  return jsonReply(
    code,
    { error },
    { 'content-type': 'application/json; charset=UTF-8', ...headers },
  );
}

export const geminiErrors: ProviderErrors = {
  invalidJson: () =>
    googleError(400, 'INVALID_ARGUMENT', 'Invalid JSON payload received. Unexpected token.'),
  invalidRequest: (message) => googleError(400, 'INVALID_ARGUMENT', message),
  notFound: (method, path) =>
    googleError(
      404,
      'NOT_FOUND',
      `The requested URL ${path} was not found on this server (${method}).`,
    ),
  serverError: () =>
    googleError(
      500,
      'INTERNAL',
      'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    ),
  // Google puts the retry hint in RetryInfo; the retry-after header is this fake's addition.
  rateLimited: (retryAfterSeconds) =>
    googleError(
      429,
      'RESOURCE_EXHAUSTED',
      'You exceeded your current quota, please check your plan and billing details.',
      [
        {
          '@type': 'type.googleapis.com/google.rpc.RetryInfo',
          retryDelay: `${retryAfterSeconds}s`,
        },
      ],
      { 'retry-after': String(retryAfterSeconds) },
    ),
};
