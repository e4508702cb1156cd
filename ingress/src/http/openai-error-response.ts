import { GatewayError, gatewayErrors } from '@alfred/contracts';
import type { z } from 'zod';

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message?: string;
}

/**
 * Any error thrown while serving a request, as the GatewayError the client sees. Client
 * mistakes caught by Fastify itself (bad JSON, wrong content type, body too large) keep
 * their 4xx status; anything unexpected is a 500 whose details stay in the log.
 */
export function toGatewayError(error: unknown, bodyLimitBytes: number): GatewayError {
  if (error instanceof GatewayError) return error;
  const e = (error ?? {}) as FastifyLikeError;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return gatewayErrors.payloadTooLarge(bodyLimitBytes);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return e.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
        ? new GatewayError({
            status: 415,
            type: 'invalid_request_error',
            code: 'unsupported_media_type',
            message: 'Content-Type must be application/json.',
          })
        : gatewayErrors.invalidRequest('Content-Length does not match the body.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return gatewayErrors.invalidRequest('The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_TYPE':
      return invalidJson();
  }
  if (e.statusCode !== undefined && e.statusCode >= 400 && e.statusCode < 500) {
    // Other client errors Fastify detects (prototype poisoning, bad headers): say what failed.
    return e.statusCode === 400 && e.message && /JSON|prototype|constructor/i.test(e.message)
      ? invalidJson()
      : new GatewayError({
          status: e.statusCode,
          type: 'invalid_request_error',
          message: e.message ?? 'Bad request.',
        });
  }
  if (error instanceof SyntaxError || error instanceof RangeError) return invalidJson();
  return gatewayErrors.internal();
}

function invalidJson(): GatewayError {
  return gatewayErrors.invalidRequest(
    'We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.',
  );
}

/**
 * A zod failure as OpenAI reports it: the first problem, and its path in `param`. The
 * issues must carry their input (`reportInput`): a member that is absent and one of the
 * wrong type are both `invalid_type`, and only the input tells them apart.
 */
export function fromValidationError(error: z.ZodError): GatewayError {
  const first = error.issues[0];
  if (!first) return gatewayErrors.invalidRequest('Invalid request body.');
  const issue = mostSpecific(first);
  const param = issue.path.length > 0 ? formatPath(issue.path) : null;
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return gatewayErrors.invalidRequest(
      `Missing required parameter: '${param}'.`,
      param,
      'missing_required_parameter',
    );
  }
  if (issue.code === 'invalid_type') {
    return gatewayErrors.invalidRequest(
      `Invalid type for '${param ?? 'body'}': expected ${issue.expected}, but got ${jsonTypeOf(issue.input)} instead.`,
      param,
      'invalid_type',
    );
  }
  return gatewayErrors.invalidRequest(
    `Invalid value for '${param ?? 'body'}': ${issue.message}`,
    param,
    'invalid_value',
  );
}

/** The JSON type of a parsed value, as a client would name it. */
function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' && Number.isInteger(value)) return 'an integer';
  return `a ${typeof value}`;
}

type Issue = z.core.$ZodIssue;

/**
 * For a value that matched no branch of a union (message content is a string or a list
 * of parts), the branch that got furthest says best what is wrong:
 * `messages[0].content[0].image_url.url`, not just `messages[0].content`.
 */
function mostSpecific(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  // Branch issue paths are relative to the union's own path.
  let best: Issue | undefined;
  for (const branch of issue.errors) {
    const candidate = branch[0] ? mostSpecific(branch[0]) : undefined;
    if (candidate && candidate.path.length > (best?.path.length ?? 0)) best = candidate;
  }
  if (!best) return issue;
  return { ...best, path: [...issue.path, ...best.path] } as Issue;
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}
