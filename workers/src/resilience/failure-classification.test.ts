import { GatewayError, gatewayErrors } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { ClientGoneError } from '../replies/reply-channel.ts';
import { mapUpstreamError, midStreamFailure } from '../providers/upstream-errors.ts';
import {
  fromTransportError,
  fromUpstreamError,
  malformedUpstreamAnswer,
  upstreamStreamCut,
} from '../upstream/upstream-failure.ts';
import { classifyFailure } from './failure-classification.ts';

/** The GatewayError the worker throws for a provider answering `status`. */
function providerAnswer(status: number, details: Parameters<typeof mapUpstreamError>[1] = {}) {
  return fromUpstreamError(mapUpstreamError(status, details));
}

function socketError(code: string): Error {
  return Object.assign(new Error(code), { code });
}

describe('classifyFailure', () => {
  it('retries 5xx and counts them against the deployment', () => {
    for (const status of [500, 502, 503, 529]) {
      expect(classifyFailure(providerAnswer(status))).toEqual({
        kind: 'server_error',
        retryable: true,
        countsAgainstDeployment: true,
        failOverOnly: false,
      });
    }
  });

  it('keeps the Retry-After of an overloaded provider', () => {
    const failure = classifyFailure(providerAnswer(503, { retryAfterSeconds: 7 }));
    expect(failure).toMatchObject({ kind: 'server_error', retryAfterMs: 7000 });
  });

  it('retries a 429 without counting it as a failure, with the wait the provider asked', () => {
    expect(classifyFailure(providerAnswer(429, { retryAfterSeconds: 2.2 }))).toEqual({
      kind: 'rate_limited',
      retryable: true,
      countsAgainstDeployment: false,
      failOverOnly: false,
      retryAfterMs: 3000,
    });
  });

  it('sends an exhausted quota elsewhere: waiting does not bring credit back', () => {
    for (const error of [providerAnswer(429, { quotaExhausted: true }), providerAnswer(402)]) {
      expect(classifyFailure(error)).toMatchObject({
        kind: 'quota_exhausted',
        retryable: true,
        countsAgainstDeployment: false,
        failOverOnly: true,
      });
    }
  });

  it('neither retries nor blames the deployment for a bad request', () => {
    for (const status of [400, 404, 413, 422]) {
      expect(classifyFailure(providerAnswer(status))).toEqual({
        kind: 'client_error',
        retryable: false,
        countsAgainstDeployment: false,
        failOverOnly: false,
      });
    }
    expect(classifyFailure(gatewayErrors.invalidRequest('bad'))).toMatchObject({
      kind: 'client_error',
    });
  });

  it("blames the deployment for a rejected credential and only fails over: it is the gateway's key", () => {
    for (const error of [
      providerAnswer(401),
      providerAnswer(403),
      providerAnswer(400, { credentialRejected: true }),
      providerAnswer(405),
    ]) {
      expect(classifyFailure(error)).toEqual({
        kind: 'misconfigured',
        retryable: true,
        countsAgainstDeployment: true,
        failOverOnly: true,
      });
    }
  });

  it('tells a refused connection from a reset one by the cause, and timeouts apart', () => {
    const refused = new GatewayError({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_connection_failed',
      message: 'x',
      cause: socketError('ECONNREFUSED'),
    });
    const reset = new GatewayError({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_connection_failed',
      message: 'x',
      cause: socketError('ECONNRESET'),
    });
    expect(classifyFailure(refused).kind).toBe('connect');
    expect(classifyFailure(reset).kind).toBe('reset');
    // The worker's own mapping keeps the socket error as the cause.
    expect(classifyFailure(fromTransportError(socketError('ECONNRESET'), 'p')).kind).toBe('reset');
    expect(classifyFailure(fromTransportError(socketError('ECONNREFUSED'), 'p')).kind).toBe(
      'connect',
    );
    const headersTimeout = fromTransportError(socketError('UND_ERR_HEADERS_TIMEOUT'), 'p');
    expect(classifyFailure(headersTimeout)).toMatchObject({
      kind: 'timeout',
      retryable: true,
      countsAgainstDeployment: true,
    });
  });

  it('classifies raw socket errors the same way as mapped ones', () => {
    expect(classifyFailure(socketError('ECONNREFUSED')).kind).toBe('connect');
    expect(classifyFailure(socketError('UND_ERR_SOCKET')).kind).toBe('reset');
    expect(classifyFailure(socketError('UND_ERR_BODY_TIMEOUT')).kind).toBe('timeout');
    expect(classifyFailure(new DOMException('slow', 'TimeoutError')).kind).toBe('timeout');
  });

  it('counts cut streams and unreadable answers against the deployment', () => {
    expect(classifyFailure(upstreamStreamCut('p'))).toMatchObject({
      kind: 'reset',
      countsAgainstDeployment: true,
    });
    expect(classifyFailure(malformedUpstreamAnswer('p')).kind).toBe('malformed');
    expect(classifyFailure(fromUpstreamError(midStreamFailure('boom'))).kind).toBe('server_error');
  });

  it('treats a client that went away as a cancellation, not a sick deployment', () => {
    const cancelled = {
      kind: 'cancelled',
      retryable: false,
      countsAgainstDeployment: false,
      failOverOnly: false,
    };
    expect(classifyFailure(new ClientGoneError())).toEqual(cancelled);
    expect(classifyFailure(new DOMException('gone', 'AbortError'))).toEqual(cancelled);
    const aborted = new AbortController();
    aborted.abort();
    expect(classifyFailure(providerAnswer(500), { clientSignal: aborted.signal })).toEqual(
      cancelled,
    );
  });

  it("takes an AbortError for the attempt's own timeout while the client is still there", () => {
    const client = new AbortController();
    const error = new DOMException('first token', 'AbortError');
    expect(classifyFailure(error, { clientSignal: client.signal }).kind).toBe('timeout');
  });

  it("neither retries nor blames the deployment for the gateway's own bugs", () => {
    for (const error of [new TypeError('oops'), gatewayErrors.internal(), 'string thrown']) {
      expect(classifyFailure(error)).toMatchObject({
        kind: 'internal',
        retryable: false,
        countsAgainstDeployment: false,
      });
    }
  });
});
