import { describe, expect, it } from 'vitest';
import { recordedError } from '../test-support/fixtures.ts';
import { openAIConnector } from './index.ts';

const parse = (provider: string, name: string) => {
  const { status, headers, bodyText } = recordedError(provider, name);
  return openAIConnector.parseError(status, headers, bodyText);
};

describe('OpenAI errors', () => {
  it('keeps a 400 context_length_exceeded with its message, code and param', () => {
    expect(parse('openai', 'error-400-context-length')).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
      message: expect.stringMatching(/^This model's maximum context length is 4097 tokens/),
    });
  });

  it('turns a rejected key into 502 upstream_authentication_failed without echoing the key', () => {
    const info = parse('openai', 'error-401-invalid-api-key');
    expect(info).toMatchObject({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_authentication_failed',
    });
    expect(info.message).not.toContain('sk-test');
  });

  it('keeps a 429 rate limit and reads the wait from the message when no header gives it', () => {
    expect(parse('openai', 'error-429-rate-limit')).toMatchObject({
      status: 429,
      type: 'rate_limit_exceeded',
      code: 'rate_limit_exceeded',
      retryAfterSeconds: 1,
    });
  });

  it('keeps a 429 insufficient_quota as insufficient_quota', () => {
    const info = parse('openai', 'error-429-insufficient-quota');
    expect(info).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
    });
    expect(info.retryAfterSeconds).toBeUndefined();
  });

  it('prefers retry-after-ms, then retry-after seconds or date', () => {
    const body = '{"error":{"message":"slow down","type":"requests","code":"rate_limit_exceeded"}}';
    expect(
      openAIConnector.parseError(429, { 'retry-after-ms': '1500', 'retry-after': '9' }, body)
        .retryAfterSeconds,
    ).toBe(2);
    expect(openAIConnector.parseError(429, { 'Retry-After': '7' }, body).retryAfterSeconds).toBe(7);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    const byDate = openAIConnector.parseError(
      429,
      { 'retry-after': inTenSeconds },
      body,
    ).retryAfterSeconds;
    expect(byDate).toBeGreaterThanOrEqual(9);
    expect(byDate).toBeLessThanOrEqual(10);
  });

  it('maps upstream 5xx to 502 and 503 to 503, with a sane message for a non-JSON body', () => {
    const html = '<html>\n<body>502 Bad Gateway</body></html>';
    const bad = openAIConnector.parseError(502, {}, html);
    expect(bad).toMatchObject({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_server_error',
    });
    expect(bad.message).toContain('<html> <body>502 Bad Gateway</body></html>');
    const busy = openAIConnector.parseError(503, { 'retry-after': '3' }, '');
    expect(busy).toMatchObject({
      status: 503,
      type: 'upstream_error',
      code: 'upstream_overloaded',
      retryAfterSeconds: 3,
    });
    expect(busy.message).toContain('empty body');
  });

  it('reads the top-level and FastAPI error shapes of compatible servers', () => {
    const vllm =
      '{"object":"error","message":"max_tokens is too large","type":"BadRequestError","param":null,"code":400}';
    expect(openAIConnector.parseError(400, {}, vllm)).toMatchObject({
      status: 400,
      code: null,
      message: 'max_tokens is too large',
    });
    const fastapi = '{"detail":[{"loc":["body","messages"],"msg":"field required"}]}';
    expect(openAIConnector.parseError(422, {}, fastapi).message).toContain('field required');
  });

  it('treats other statuses as the gateway request being refused upstream', () => {
    expect(openAIConnector.parseError(405, {}, '{"error":"method not allowed"}')).toMatchObject({
      status: 502,
      code: 'upstream_request_rejected',
      message: expect.stringContaining('method not allowed'),
    });
  });
});
