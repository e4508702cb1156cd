import { describe, expect, it } from 'vitest';
import { UpstreamStreamError } from '../connector.ts';
import { fixtureJson, fixtureText, recordedError } from '../test-support/fixtures.ts';
import { sseEvents, streamContext } from '../test-support/streams.ts';
import { anthropicConnector } from './index.ts';

const parse = (name: string, headersFrom = name) => {
  const { status, bodyText } = recordedError('anthropic', name);
  const { headers } = fixtureJson<{ headers: Record<string, string> }>(
    `anthropic/${headersFrom}.status.json`,
  );
  return anthropicConnector.parseError(status, headers, bodyText);
};

describe('Anthropic errors', () => {
  it('keeps an invalid request 400 with its message', () => {
    expect(parse('error-400-invalid-request')).toEqual({
      status: 400,
      type: 'invalid_request_error',
      code: null,
      param: null,
      message: expect.stringContaining('unexpected `tool_use_id` found in `tool_result` blocks'),
    });
  });

  it('turns a rejected x-api-key into 502 upstream_authentication_failed', () => {
    const info = parse('error-401-authentication');
    expect(info).toMatchObject({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_authentication_failed',
    });
    expect(info.message).not.toContain('x-api-key');
  });

  it('keeps a 429 as rate_limit_exceeded, with retry-after when sent', () => {
    expect(parse('error-429-rate-limit')).toMatchObject({
      status: 429,
      type: 'rate_limit_exceeded',
      code: 'rate_limit_exceeded',
    });
    expect(parse('error-429-rate-limit').retryAfterSeconds).toBeUndefined();
    expect(parse('error-429-rate-limit', 'error-429-with-retry-after').retryAfterSeconds).toBe(5);
  });

  it('turns 529 overloaded into 503', () => {
    expect(parse('error-529-overloaded')).toMatchObject({
      status: 503,
      type: 'upstream_error',
      code: 'upstream_overloaded',
      message: expect.stringContaining('Overloaded'),
    });
  });

  it('gives an over-long prompt the context_length_exceeded code', () => {
    const body =
      '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}';
    expect(anthropicConnector.parseError(400, {}, body)).toMatchObject({
      status: 400,
      code: 'context_length_exceeded',
    });
  });

  it("reports the gateway's empty Anthropic account as insufficient_quota, not as the client's bad request", () => {
    const body =
      '{"type":"error","error":{"type":"invalid_request_error","message":"Your credit balance is too low to access the Anthropic API."}}';
    expect(anthropicConnector.parseError(400, {}, body)).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
    });
  });

  it('still gives a sane message when the body is not JSON', () => {
    const info = anthropicConnector.parseError(500, {}, 'upstream connect error');
    expect(info).toMatchObject({ status: 502, code: 'upstream_server_error' });
    expect(info.message).toContain('upstream connect error');
  });

  it('maps the error event of a stream by its type', () => {
    const [event] = sseEvents(fixtureText('anthropic/error-overloaded.sse'));
    const translator = anthropicConnector.chat.createStreamTranslator(streamContext(false));
    expect(() => translator.push(event!)).toThrow(UpstreamStreamError);
    const rateLimited = {
      event: 'error',
      data: '{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}',
    };
    expect(() => translator.push(rateLimited)).toThrow(
      expect.objectContaining({ info: expect.objectContaining({ status: 429 }) }),
    );
  });
});
