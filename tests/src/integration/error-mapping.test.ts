import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ upstreamTimeoutMs: 1_500 });
});
afterAll(() => stack.close());
afterEach(() => stack.upstream.setBehavior({ fail: null, latencyMs: 0 }));

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] };

async function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.url}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${stack.apiKey}`,
      'content-type': 'application/json',
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

function expectOpenAIError(body: unknown, type: string, code?: string | null) {
  expect(body).toMatchObject({ error: { type, message: expect.any(String) } });
  const error = (body as { error: Record<string, unknown> }).error;
  expect(Object.keys(error).sort()).toEqual(['code', 'message', 'param', 'type']);
  if (code !== undefined) expect(error.code).toBe(code);
}

describe('errors as OpenAI reports them', () => {
  it('401 without a key, with a malformed header, and with an unknown key', async () => {
    for (const authorization of [undefined, 'Basic abc', 'Bearer sk-alfred-unknown']) {
      const res = await fetch(`${stack.url}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify(chat),
      });
      expect(res.status).toBe(401);
      expectOpenAIError(await res.json(), 'invalid_request_error');
      expect(res.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    }
  });

  it('400 with param for invalid bodies, 400 for broken JSON', async () => {
    const missing = await post('/v1/chat/completions', { model: 'gpt-4o-mini' });
    expect(missing.status).toBe(400);
    expectOpenAIError(missing.body, 'invalid_request_error', 'missing_required_parameter');
    expect(missing.body.error.param).toBe('messages');

    // Present but of the wrong type is not "missing": OpenAI's invalid_type, saying what it got.
    const wrongType = await post('/v1/chat/completions', { ...chat, messages: 'Hello' });
    expect(wrongType.status).toBe(400);
    expectOpenAIError(wrongType.body, 'invalid_request_error', 'invalid_type');
    expect(wrongType.body.error).toMatchObject({
      param: 'messages',
      message: "Invalid type for 'messages': expected array, but got a string instead.",
    });
    const wordyMaxTokens = await post('/v1/chat/completions', { ...chat, max_tokens: 'ten' });
    expect(wordyMaxTokens.body.error).toMatchObject({
      param: 'max_tokens',
      code: 'invalid_type',
      message: expect.stringMatching(
        /^Invalid type for 'max_tokens': expected .*, but got a string instead\.$/,
      ),
    });

    const nested = await post('/v1/chat/completions', {
      ...chat,
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: {} }] }],
    });
    expect(nested.status).toBe(400);
    expect(nested.body.error.param).toBe('messages[0].content[0].image_url.url');

    const broken = await post('/v1/chat/completions', '{"model": ');
    expect(broken.status).toBe(400);
    expectOpenAIError(broken.body, 'invalid_request_error');

    const array = await post('/v1/embeddings', '[1,2]');
    expect(array.status).toBe(400);
  });

  it('404 model_not_found, 404 for unknown routes, 413 for huge bodies, 415 for non-JSON', async () => {
    const unknownModel = await post('/v1/chat/completions', { ...chat, model: 'gpt-9' });
    expect(unknownModel.status).toBe(404);
    expectOpenAIError(unknownModel.body, 'invalid_request_error', 'model_not_found');

    const wrongKind = await post('/v1/embeddings', { model: 'gpt-4o-mini', input: 'x' });
    expect(wrongKind.status).toBe(404);

    const unknownRoute = await post('/v1/nope', chat);
    expect(unknownRoute.status).toBe(404);
    expectOpenAIError(unknownRoute.body, 'invalid_request_error', 'unknown_url');

    const huge = await post('/v1/chat/completions', {
      ...chat,
      messages: [{ role: 'user', content: 'x'.repeat(21 * 1024 * 1024) }],
    });
    expect(huge.status).toBe(413);
    expectOpenAIError(huge.body, 'invalid_request_error', 'request_too_large');

    const text = await post('/v1/chat/completions', 'hello', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('keeps an upstream 400 a 400 with the provider message, and a 429 a 429 with Retry-After', async () => {
    stack.upstream.setBehavior({ fail: '429', retryAfterSeconds: 3 });
    const limited = await post('/v1/chat/completions', chat);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expectOpenAIError(limited.body, 'rate_limit_exceeded');
  });

  it('502 for upstream 500s, resets and malformed answers; 504 on upstream timeout', async () => {
    for (const fail of ['500', 'reset', 'malformed'] as const) {
      stack.upstream.setBehavior({ fail });
      const res = await post('/v1/chat/completions', chat);
      expect(res.status, fail).toBe(502);
      expectOpenAIError(res.body, 'upstream_error');
    }
    stack.upstream.setBehavior({ fail: 'timeout' });
    const started = Date.now();
    const timedOut = await post('/v1/chat/completions', chat);
    expect(timedOut.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a stream cut by the upstream after it started ends with an error event and [DONE]', async () => {
    stack.upstream.setBehavior({ fail: 'stream-cut' });
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...chat, stream: true }),
    });
    expect(res.status).toBe(200);
    const events = (await res.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    expect(JSON.parse(events.at(-2)!.slice(6))).toMatchObject({
      error: { type: 'upstream_error' },
    });
  });

  it('a stream that fails before its first byte is a plain error answer', async () => {
    stack.upstream.setBehavior({ fail: '500' });
    const res = await post('/v1/chat/completions', { ...chat, stream: true });
    expect(res.status).toBe(502);
    expectOpenAIError(res.body, 'upstream_error');
  });
});

describe('when no worker serves the pool', () => {
  it('answers 503 with Retry-After, and /ready says not ready', async () => {
    const lonely = await startTestStack({ workers: 0 });
    try {
      const res = await fetch(`${lonely.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lonely.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(chat),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expectOpenAIError(await res.json(), 'service_unavailable', 'no_workers');
      expect((await fetch(`${lonely.url}/ready`)).status).toBe(503);
      await lonely.addWorker();
      expect((await fetch(`${lonely.url}/healthz`)).status).toBe(200);
    } finally {
      await lonely.close();
    }
  });
});
