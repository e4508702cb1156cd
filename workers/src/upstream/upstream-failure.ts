import { GatewayError } from '@alfred/contracts';
import type { UpstreamErrorInfo } from '../providers/connector.ts';

/** A provider's error answer, as the GatewayError the client receives. */
export function fromUpstreamError(info: UpstreamErrorInfo): GatewayError {
  return new GatewayError({
    status: info.status,
    type: info.type,
    code: info.code,
    param: info.param,
    message: info.message,
    headers:
      info.retryAfterSeconds !== undefined
        ? { 'retry-after': String(Math.max(0, Math.ceil(info.retryAfterSeconds))) }
        : {},
  });
}

const timeoutCodes = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'TimeoutError',
]);

/** A failure to talk to the provider at all (refused, reset, timed out). */
export function fromTransportError(error: unknown, provider: string): GatewayError {
  const code = (error as { code?: string; name?: string }).code ?? (error as Error).name;
  if (code && timeoutCodes.has(code)) {
    return new GatewayError({
      status: 504,
      type: 'timeout',
      code: 'upstream_timeout',
      message: `The provider '${provider}' did not answer in time.`,
      cause: error,
    });
  }
  return new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_connection_failed',
    message: `The gateway could not reach the provider '${provider}' (${code ?? 'connection error'}).`,
    cause: error,
  });
}

export function malformedUpstreamAnswer(provider: string): GatewayError {
  return new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_invalid_response',
    message: `The provider '${provider}' sent an answer the gateway could not read.`,
  });
}

export function upstreamStreamCut(provider: string): GatewayError {
  return new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_stream_interrupted',
    message: `The provider '${provider}' ended the stream before it was complete.`,
  });
}
