import { afterEach, describe, expect, it } from 'vitest';
import { parseSse, post, useFakeUpstream } from './test-support/http-client.ts';

const upstream = useFakeUpstream();
afterEach(() =>
  upstream().setBehavior({
    fail: null,
    failRate: 1,
    latencyMs: 0,
    tokensPerSecond: 0,
    retryAfterSeconds: 1,
  }),
);

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me something' }] };
const anthropic = {
  model: 'claude',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Tell me something' }],
};
const gemini = { contents: [{ role: 'user', parts: [{ text: 'Tell me something' }] }] };
const routes = [
  { name: 'openai', path: '/v1/chat/completions', body: chat },
  { name: 'anthropic', path: '/v1/messages', body: anthropic },
  { name: 'gemini', path: '/v1beta/models/gemini-2.5-flash:generateContent', body: gemini },
] as const;

const fail = (mode: string, extra: Record<string, string> = {}) => ({
  'x-fake-fail': mode,
  ...extra,
});

/** Reads a body chunk by chunk until it ends or breaks; says which. */
async function readUntilBroken(res: Response): Promise<{ text: string; broken: boolean }> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, broken: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, broken: true };
  }
}

describe('x-fake-fail: 500 and 429', () => {
  it('answer each provider its own error body, 429s with retry-after', async () => {
    const expected500 = {
      openai: { error: { type: 'server_error', code: null, param: null } },
      anthropic: { type: 'error', error: { type: 'api_error' } },
      gemini: { error: { code: 500, status: 'INTERNAL' } },
    };
    const expected429 = {
      openai: { error: { type: 'requests', code: 'rate_limit_exceeded' } },
      anthropic: { type: 'error', error: { type: 'rate_limit_error' } },
      gemini: {
        error: { code: 429, status: 'RESOURCE_EXHAUSTED', details: [{ retryDelay: '5s' }] },
      },
    };
    for (const route of routes) {
      const serverError = await post(upstream(), route.path, route.body, fail('500'));
      expect(serverError.status).toBe(500);
      expect(serverError.json).toMatchObject(expected500[route.name]);
      const limited = await post(
        upstream(),
        route.path,
        route.body,
        fail('429', { 'x-fake-retry-after': '5' }),
      );
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('5');
      expect(limited.json).toMatchObject(expected429[route.name]);
    }
    const azure = await post(
      upstream(),
      '/openai/deployments/d/chat/completions?api-version=1',
      chat,
      fail('429'),
    );
    expect(azure.json).toEqual({
      error: { code: '429', message: 'Rate limit is exceeded. Try again in 1 seconds.' },
    });
    expect(azure.headers.get('retry-after')).toBe('1');
  });

  it('fail only a deterministic fraction with x-fake-fail-rate (every other request at 0.5)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (
          await post(
            upstream(),
            '/v1/chat/completions',
            chat,
            fail('500', { 'x-fake-fail-rate': '0.5' }),
          )
        ).status,
      );
    }
    expect(statuses).toEqual([500, 200, 500, 200, 500, 200]);
  });
});

describe('setBehavior', () => {
  it('makes every request fail until it recovers; x-fake-fail: none exempts one request', async () => {
    const before = upstream().stats.injectedFailures;
    upstream().setBehavior({ fail: '429', retryAfterSeconds: 7 });
    const limited = await post(upstream(), '/v1/chat/completions', chat);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await post(upstream(), '/v1/messages', anthropic)).status).toBe(429);
    expect((await post(upstream(), '/v1/chat/completions', chat, fail('none'))).status).toBe(200);
    expect(upstream().stats.injectedFailures - before).toBe(2);
    upstream().setBehavior({ fail: null });
    expect((await post(upstream(), '/v1/chat/completions', chat)).status).toBe(200);
  });

  it('restarts the failRate pattern, and refuses impossible values', async () => {
    upstream().setBehavior({ fail: '500', failRate: 0.5 });
    expect((await post(upstream(), '/v1/chat/completions', chat)).status).toBe(500);
    upstream().setBehavior({ fail: '500', failRate: 0.5 });
    expect((await post(upstream(), '/v1/chat/completions', chat)).status).toBe(500);
    expect((await post(upstream(), '/v1/chat/completions', chat)).status).toBe(200);
    expect(() => upstream().setBehavior({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(() => upstream().setBehavior({ failRate: 2 })).toThrow(/failRate/);
    expect(() => upstream().setBehavior({ fail: 'explode' as never })).toThrow(/fail/);
    expect(upstream().behavior.latencyMs).toBe(0);
  });
});

describe('broken connections', () => {
  it('reset and stream-cut-before-first-byte close the connection without an answer', async () => {
    for (const mode of ['reset', 'stream-cut-before-first-byte']) {
      for (const stream of [false, true]) {
        await expect(
          fetch(`${upstream().url}/v1/chat/completions`, {
            method: 'POST',
            headers: fail(mode),
            body: JSON.stringify({ ...chat, stream }),
          }),
        ).rejects.toThrow();
      }
    }
  });

  it('stream-cut sends the start of the stream, then hangs up without [DONE]', async () => {
    for (const [path, body, eol] of [
      ['/v1/chat/completions', { ...chat, stream: true }, '\n'],
      ['/v1/messages', { ...anthropic, stream: true }, '\n'],
      ['/v1beta/models/g:streamGenerateContent?alt=sse', gemini, '\r\n'],
    ] as const) {
      const res = await fetch(upstream().url + path, {
        method: 'POST',
        headers: fail('stream-cut'),
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(200);
      const { text, broken } = await readUntilBroken(res);
      expect(broken, path).toBe(true);
      const events = parseSse(text, eol);
      expect(events.length, path).toBeGreaterThanOrEqual(2);
      expect(text).not.toContain('[DONE]');
      expect(text).not.toContain('message_stop');
    }
  });

  it('stream-cut on a plain answer promises the full length and sends half', async () => {
    const res = await fetch(`${upstream().url}/v1/chat/completions`, {
      method: 'POST',
      headers: fail('stream-cut'),
      body: JSON.stringify(chat),
    });
    expect(res.status).toBe(200);
    const { broken } = await readUntilBroken(res);
    expect(broken).toBe(true);
  });

  it('counts server-side cuts as neither completed nor aborted', async () => {
    const { aborted } = upstream().stats;
    await fetch(`${upstream().url}/v1/chat/completions`, {
      method: 'POST',
      headers: fail('reset'),
      body: JSON.stringify(chat),
    }).catch(() => null);
    await new Promise((r) => setTimeout(r, 20));
    expect(upstream().stats.aborted).toBe(aborted);
  });
});

describe('x-fake-fail: malformed', () => {
  it('answers 200 with a JSON body cut in half', async () => {
    const res = await post(upstream(), '/v1/chat/completions', chat, fail('malformed'));
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    expect(res.text.startsWith('{"id":"chatcmpl-')).toBe(true);
  });

  it('breaks one data line of a stream and carries on to the end', async () => {
    const res = await post(
      upstream(),
      '/v1/chat/completions',
      { ...chat, stream: true },
      fail('malformed'),
    );
    const events = parseSse(res.text, '\n');
    const unparsable = events.filter(
      (e) =>
        e.data !== '[DONE]' &&
        (() => {
          try {
            JSON.parse(e.data);
            return false;
          } catch {
            return true;
          }
        })(),
    );
    expect(unparsable).toHaveLength(1);
    expect(events.at(-1)?.data).toBe('[DONE]');
  });
});
