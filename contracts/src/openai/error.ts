import { z } from 'zod';

/** `{"error": {...}}`, the body of every non-2xx answer the gateway gives. */
export const ErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable(),
    code: z.string().nullable(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type ErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_exceeded'
  | 'insufficient_quota'
  | 'server_error'
  | 'service_unavailable'
  | 'timeout';

export interface GatewayErrorInit {
  status: number;
  type: ErrorType | (string & {});
  message: string;
  code?: string | null;
  param?: string | null;
  /** Extra HTTP headers the answer must carry (Retry-After, for example). */
  headers?: Record<string, string>;
  /**
   * The error this one stands for (a socket error's `ECONNRESET`, say). Never sent to the
   * client; kept so logs and failover can tell a refused connection from a reset one.
   */
  cause?: unknown;
}

/**
 * An error that knows how it must look to an OpenAI client: the HTTP status and the
 * `{"error": {...}}` body. Every layer throws these; one handler per service turns them
 * into responses, so no route shapes errors by hand.
 */
export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;

  constructor(init: GatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.headers = init.headers ?? {};
  }

  /** What metrics count it as: its code, or its type when it has none. */
  get metricCode(): string {
    return this.code ?? this.type;
  }

  toBody(): ErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

/** The errors the gateway itself raises, named once so every service says them alike. */
export const gatewayErrors = {
  invalidRequest: (message: string, param: string | null = null, code: string | null = null) =>
    new GatewayError({ status: 400, type: 'invalid_request_error', message, param, code }),
  missingApiKey: () =>
    new GatewayError({
      status: 401,
      type: 'invalid_request_error',
      code: 'missing_api_key',
      message:
        "You didn't provide an API key. Provide it in the Authorization header as 'Bearer YOUR_KEY'.",
    }),
  invalidApiKey: () =>
    new GatewayError({
      status: 401,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: 'Incorrect API key provided.',
    }),
  modelNotFound: (model: string) =>
    new GatewayError({
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      param: 'model',
      message: `The model '${model}' does not exist or you do not have access to it.`,
    }),
  routeNotFound: (method: string, url: string) =>
    new GatewayError({
      status: 404,
      type: 'invalid_request_error',
      code: 'unknown_url',
      message: `Unrecognized request URL (${method} ${url}).`,
    }),
  payloadTooLarge: (limitBytes: number) =>
    new GatewayError({
      status: 413,
      type: 'invalid_request_error',
      code: 'request_too_large',
      message: `The request body is larger than the limit of ${limitBytes} bytes.`,
    }),
  unsupportedMediaType: (contentType: string | undefined) =>
    new GatewayError({
      status: 415,
      type: 'invalid_request_error',
      code: 'unsupported_media_type',
      message: `Content-Type must be application/json, got '${contentType ?? 'none'}'.`,
    }),
  noWorkers: (pool: string) =>
    new GatewayError({
      status: 503,
      type: 'service_unavailable',
      code: 'no_workers',
      message: `No worker of pool '${pool}' is available to serve this request. Try again shortly.`,
      headers: { 'retry-after': '1' },
    }),
  workerLost: () =>
    new GatewayError({
      status: 502,
      type: 'server_error',
      code: 'worker_lost',
      message:
        'The worker serving this request stopped (its process ended or went silent) before it answered; its reservation was released. Retry the request.',
    }),
  upstreamTimeout: (seconds: number) =>
    new GatewayError({
      status: 504,
      type: 'timeout',
      code: 'upstream_timeout',
      message: `The provider did not answer within ${seconds} seconds.`,
    }),
  internal: () =>
    new GatewayError({
      status: 500,
      type: 'server_error',
      code: 'internal_error',
      message: 'The gateway failed to process the request. It has been logged.',
    }),
} as const;
