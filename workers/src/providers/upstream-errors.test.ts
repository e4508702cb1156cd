import { describe, expect, it } from 'vitest';
import {
  mapUpstreamError,
  openAILikeCode,
  retryAfterFromHeaders,
  retryAfterFromMessage,
} from './upstream-errors.ts';
import { endpointUrl } from './upstream-request.ts';

describe('upstream error mapping', () => {
  it('keeps request errors, hides credential errors, keeps rate limits', () => {
    expect(mapUpstreamError(413, { message: 'too big' })).toMatchObject({
      status: 413,
      type: 'invalid_request_error',
    });
    expect(mapUpstreamError(422, {})).toMatchObject({
      status: 422,
      message: expect.stringContaining('HTTP 422'),
    });
    expect(mapUpstreamError(403, { message: 'key sk-live-123 revoked' }).message).not.toContain(
      'sk-live',
    );
    expect(mapUpstreamError(429, { retryAfterSeconds: 4 })).toMatchObject({
      status: 429,
      type: 'rate_limit_exceeded',
      retryAfterSeconds: 4,
    });
    expect(mapUpstreamError(402, { message: 'Insufficient Balance' })).toMatchObject({
      status: 429,
      type: 'insufficient_quota',
    });
    expect(mapUpstreamError(529, {})).toMatchObject({
      status: 503,
      message: 'The upstream provider is overloaded (HTTP 529).',
    });
  });

  it('keeps only OpenAI-like codes', () => {
    expect(openAILikeCode('context_length_exceeded')).toBe('context_length_exceeded');
    expect(openAILikeCode('429')).toBeNull();
    expect(openAILikeCode('INVALID_ARGUMENT')).toBeNull();
    expect(openAILikeCode(400)).toBeNull();
  });

  it('reads waits from headers and messages, rounding up to whole seconds', () => {
    expect(retryAfterFromHeaders({ 'retry-after': '0.2' })).toBe(1);
    expect(retryAfterFromHeaders({ 'retry-after': 'soon' })).toBeUndefined();
    expect(
      retryAfterFromHeaders(
        { 'retry-after': 'Thu, 01 Jan 2026 00:00:00 GMT' },
        Date.parse('2026-01-01T00:00:00Z') + 5000,
      ),
    ).toBe(0);
    expect(retryAfterFromHeaders({ 'retry-after-ms': 'x', 'retry-after': '3' })).toBe(3);
    expect(retryAfterFromHeaders({})).toBeUndefined();
    expect(retryAfterFromMessage('Please try again in 1.5s.')).toBe(2);
    expect(retryAfterFromMessage('Try again in 20 seconds')).toBe(20);
    expect(retryAfterFromMessage('Please retry later')).toBeUndefined();
  });
});

describe('endpoint URLs', () => {
  it('joins base and path with exactly one slash', () => {
    expect(endpointUrl('https://api.openai.com/v1/', '/chat/completions')).toBe(
      'https://api.openai.com/v1/chat/completions',
    );
    expect(endpointUrl('http://localhost:11434', 'api/chat')).toBe(
      'http://localhost:11434/api/chat',
    );
  });
});
