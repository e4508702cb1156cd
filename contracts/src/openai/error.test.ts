import { describe, expect, it } from 'vitest';
import { ErrorBodySchema, gatewayErrors } from './error.ts';

describe('gateway errors', () => {
  it('serialise to OpenAI error bodies with their status', () => {
    const cases = [
      [gatewayErrors.invalidRequest('bad', 'temperature'), 400, 'invalid_request_error'],
      [gatewayErrors.missingApiKey(), 401, 'invalid_request_error'],
      [gatewayErrors.invalidApiKey(), 401, 'invalid_request_error'],
      [gatewayErrors.modelNotFound('x'), 404, 'invalid_request_error'],
      [gatewayErrors.routeNotFound('GET', '/x'), 404, 'invalid_request_error'],
      [gatewayErrors.payloadTooLarge(10), 413, 'invalid_request_error'],
      [gatewayErrors.unsupportedMediaType('text/plain'), 415, 'invalid_request_error'],
      [gatewayErrors.noWorkers('default'), 503, 'service_unavailable'],
      [gatewayErrors.upstreamTimeout(30), 504, 'timeout'],
      [gatewayErrors.internal(), 500, 'server_error'],
    ] as const;
    for (const [error, status, type] of cases) {
      expect(error.status).toBe(status);
      const body = ErrorBodySchema.parse(error.toBody());
      expect(body.error.type).toBe(type);
      expect(body.error.message.length).toBeGreaterThan(0);
    }
    expect(gatewayErrors.modelNotFound('x').toBody().error).toMatchObject({
      code: 'model_not_found',
      param: 'model',
    });
    expect(gatewayErrors.noWorkers('default').headers['retry-after']).toBe('1');
  });
});
