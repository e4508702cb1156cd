import { GatewayError } from '@alfred/contracts';

/**
 * What went wrong with one upstream attempt, in the terms failover needs: may another
 * attempt succeed, and does the failure say the deployment is sick.
 *
 * - connect, timeout, reset, server_error, malformed: the deployment failed. Retryable,
 *   and they count towards opening its circuit.
 * - rate_limited (429): the deployment is healthy but busy. Retryable (elsewhere, or here
 *   after Retry-After); it cools the deployment down instead of counting as a failure.
 * - quota_exhausted (429 insufficient_quota, 402): the gateway's account with the provider
 *   has no credit. Waiting will not help: fail over, and cool the deployment down for long.
 * - misconfigured: the provider refused the gateway's credential (401/403) or the request
 *   shape (405, 409, 415, 3xx). It will fail every call the same way: counts against the
 *   deployment, and only another deployment may succeed.
 * - client_error (400/404/413/422): the request itself is wrong. Not retried, not counted.
 * - cancelled: the client went away. internal: a gateway bug. Neither retried nor counted.
 */
export type FailureKind =
  | 'connect'
  | 'timeout'
  | 'reset'
  | 'server_error'
  | 'rate_limited'
  | 'quota_exhausted'
  | 'malformed'
  | 'misconfigured'
  | 'client_error'
  | 'cancelled'
  | 'internal';

export interface FailureClassification {
  kind: FailureKind;
  /** Another attempt, here or on another deployment, may succeed. */
  retryable: boolean;
  /** Counts as a failure of the deployment: towards its circuit and its error rate. */
  countsAgainstDeployment: boolean;
  /** Retrying this deployment is pointless: only another one may succeed. */
  failOverOnly: boolean;
  /** How long the provider asked us to wait (Retry-After), when it said. */
  retryAfterMs?: number;
}

export interface ClassifyOptions {
  /**
   * The client's signal. Given and aborted: the attempt was cancelled. Given and not
   * aborted: an AbortError came from the attempt's own timer (first token, total), so it
   * is a timeout. Not given: an AbortError is taken for a cancellation.
   */
  clientSignal?: AbortSignal;
}

/** Socket-level codes (node and undici) of a connection that was never made. */
const connectCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);
/** A connection that was made, then broke under the request. */
const resetCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function classifyFailure(
  error: unknown,
  options: ClassifyOptions = {},
): FailureClassification {
  if (options.clientSignal?.aborted || isName(error, 'ClientGoneError')) {
    return verdict('cancelled');
  }
  if (isName(error, 'AbortError')) return verdict(options.clientSignal ? 'timeout' : 'cancelled');
  if (error instanceof GatewayError) return classifyGatewayError(error);
  const transport = transportKind(error);
  return verdict(transport ?? 'internal');
}

function classifyGatewayError(error: GatewayError): FailureClassification {
  const retryAfterMs = retryAfterMsOf(error.headers);
  switch (error.code) {
    case 'upstream_timeout':
      // undici's connect timeout is mapped to 504 too; the cause tells it was the connect.
      return verdict(transportKind(error.cause) === 'connect' ? 'connect' : 'timeout');
    case 'upstream_connection_failed':
      return verdict(transportKind(error.cause) === 'reset' ? 'reset' : 'connect');
    case 'upstream_stream_interrupted':
      return verdict('reset');
    case 'upstream_invalid_response':
    case 'upstream_malformed_response':
      return verdict('malformed');
    case 'upstream_server_error':
    case 'upstream_overloaded':
      return verdict('server_error', retryAfterMs);
    case 'upstream_authentication_failed':
    case 'upstream_request_rejected':
      return verdict('misconfigured');
  }
  if (error.status === 429) {
    return verdict(
      error.code === 'insufficient_quota' ? 'quota_exhausted' : 'rate_limited',
      retryAfterMs,
    );
  }
  if (error.status >= 400 && error.status < 500) return verdict('client_error');
  // An upstream_error with a code this file does not know yet: the provider's fault.
  return verdict(error.type === 'upstream_error' ? 'server_error' : 'internal', retryAfterMs);
}

const policy: Record<FailureKind, Omit<FailureClassification, 'kind' | 'retryAfterMs'>> = {
  connect: { retryable: true, countsAgainstDeployment: true, failOverOnly: false },
  timeout: { retryable: true, countsAgainstDeployment: true, failOverOnly: false },
  reset: { retryable: true, countsAgainstDeployment: true, failOverOnly: false },
  server_error: { retryable: true, countsAgainstDeployment: true, failOverOnly: false },
  malformed: { retryable: true, countsAgainstDeployment: true, failOverOnly: false },
  rate_limited: { retryable: true, countsAgainstDeployment: false, failOverOnly: false },
  quota_exhausted: { retryable: true, countsAgainstDeployment: false, failOverOnly: true },
  misconfigured: { retryable: true, countsAgainstDeployment: true, failOverOnly: true },
  client_error: { retryable: false, countsAgainstDeployment: false, failOverOnly: false },
  cancelled: { retryable: false, countsAgainstDeployment: false, failOverOnly: false },
  internal: { retryable: false, countsAgainstDeployment: false, failOverOnly: false },
};

function verdict(kind: FailureKind, retryAfterMs?: number): FailureClassification {
  return retryAfterMs === undefined
    ? { kind, ...policy[kind] }
    : { kind, ...policy[kind], retryAfterMs };
}

function isName(error: unknown, name: string): boolean {
  return (error as { name?: unknown } | null)?.name === name;
}

/** The kind of a raw socket/undici error, or undefined if it is none. */
function transportKind(error: unknown): 'connect' | 'reset' | 'timeout' | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, name } = error as { code?: unknown; name?: unknown };
  if (typeof code === 'string') {
    if (connectCodes.has(code)) return 'connect';
    if (resetCodes.has(code)) return 'reset';
    if (timeoutCodes.has(code)) return 'timeout';
  }
  // AbortSignal.timeout() rejects with a DOMException named TimeoutError.
  return name === 'TimeoutError' ? 'timeout' : undefined;
}

/**
 * Retry-After as the gateway's error carries it: `retry-after` in seconds (what
 * upstream-failure.ts writes), or `retry-after-ms` should a mapping keep the precise value.
 */
function retryAfterMsOf(headers: Record<string, string>): number | undefined {
  const ms = Number(headers['retry-after-ms']);
  if (headers['retry-after-ms'] !== undefined && Number.isFinite(ms) && ms >= 0) return ms;
  const seconds = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(seconds) && seconds >= 0) {
    return seconds * 1000;
  }
  return undefined;
}
