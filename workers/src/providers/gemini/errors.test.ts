import { describe, expect, it } from 'vitest';
import { recordedError } from '../test-support/fixtures.ts';
import { geminiConnector } from './index.ts';

const parse = (name: string) => {
  const { status, headers, bodyText } = recordedError('gemini', name);
  return geminiConnector.parseError(status, headers, bodyText);
};

describe('Gemini errors', () => {
  it('treats a 400 API_KEY_INVALID as the gateway credential failing, not a bad request', () => {
    expect(parse('error-400-api-key-invalid')).toMatchObject({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_authentication_failed',
    });
  });

  it('treats Vertex 401 UNAUTHENTICATED the same way', () => {
    expect(parse('error-401-vertex-unauthenticated')).toMatchObject({
      status: 502,
      code: 'upstream_authentication_failed',
    });
  });

  it('keeps a 404 unknown model with its message', () => {
    expect(parse('error-404-model-not-found')).toEqual({
      status: 404,
      type: 'invalid_request_error',
      code: null,
      param: null,
      message: expect.stringMatching(/^models\/custom-gemini-2.0-flash is not found/),
    });
  });

  it('keeps a 429 RESOURCE_EXHAUSTED and takes the wait from RetryInfo', () => {
    expect(parse('error-429-resource-exhausted')).toMatchObject({
      status: 429,
      type: 'rate_limit_exceeded',
      retryAfterSeconds: 26,
    });
  });

  it('reads an error wrapped in an array and gives over-long prompts their OpenAI code', () => {
    const body = JSON.stringify([
      {
        error: {
          code: 400,
          status: 'INVALID_ARGUMENT',
          message:
            'The input token count (2000000) exceeds the maximum number of tokens allowed (1048576).',
        },
      },
    ]);
    expect(geminiConnector.parseError(400, {}, body)).toMatchObject({
      status: 400,
      code: 'context_length_exceeded',
    });
  });

  it('maps 500 to 502 and 503 to 503, also without a JSON body', () => {
    expect(
      geminiConnector.parseError(
        500,
        {},
        '{"error":{"code":500,"message":"Internal error","status":"INTERNAL"}}',
      ),
    ).toMatchObject({
      status: 502,
      message: expect.stringContaining('Internal error'),
    });
    expect(geminiConnector.parseError(503, {}, 'Service Unavailable')).toMatchObject({
      status: 503,
      message: expect.stringContaining('Service Unavailable'),
    });
  });
});
