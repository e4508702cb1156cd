import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startFakeUpstream } from './server.ts';
import type { FakeUpstream } from './server.ts';
import { post, useFakeUpstream } from './test-support/http-client.ts';

const upstream = useFakeUpstream();
const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me something' }] };

async function waitFor(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('client disconnects', () => {
  it('x-fake-fail: timeout never answers; the client leaving counts as an abort, timed within 100 ms', async () => {
    const stats = upstream().stats;
    const before = stats.aborted;
    const controller = new AbortController();
    const pending = fetch(`${upstream().url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'x-fake-fail': 'timeout' },
      body: JSON.stringify(chat),
      signal: controller.signal,
    });
    await waitFor(() => stats.inFlight === 1);
    await new Promise((r) => setTimeout(r, 100));
    const abandonedAt = Date.now();
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => stats.aborted === before + 1);
    const record = stats.aborts.at(-1)!;
    expect(record.route).toBe('openai.chat');
    expect(record.abortedAt - abandonedAt).toBeLessThan(100);
    expect(record.abortedAt - record.receivedAt).toBeGreaterThanOrEqual(100);
    expect(stats.inFlight).toBe(0);
  });

  it('a stream abandoned after its first chunk is an abort, and pacing stops', async () => {
    const stats = upstream().stats;
    const before = stats.aborted;
    const controller = new AbortController();
    const res = await fetch(`${upstream().url}/v1/messages`, {
      method: 'POST',
      headers: { 'x-fake-tokens-per-second': '5' },
      body: JSON.stringify({
        model: 'c',
        max_tokens: 50,
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
      signal: controller.signal,
    });
    await res.body!.getReader().read();
    const abandonedAt = Date.now();
    controller.abort();
    await waitFor(() => stats.aborted === before + 1);
    expect(stats.aborts.at(-1)!.abortedAt - abandonedAt).toBeLessThan(100);
    expect(stats.aborts.at(-1)!.route).toBe('anthropic.messages');
    await waitFor(() => stats.inFlight === 0);
  });

  it('a request abandoned during x-fake-latency-ms is an abort too', async () => {
    const stats = upstream().stats;
    const before = stats.aborted;
    await fetch(`${upstream().url}/v1beta/models/g:generateContent`, {
      method: 'POST',
      headers: { 'x-fake-latency-ms': '5000' },
      body: JSON.stringify({ contents: [{ parts: [{ text: 'x' }] }] }),
      signal: AbortSignal.timeout(50),
    }).catch(() => null);
    await waitFor(() => stats.aborted === before + 1);
    expect(stats.aborts.at(-1)!.route).toBe('gemini.generateContent');
  });

  it('a client that hangs up mid-upload is an abort, not an error', async () => {
    const stats = upstream().stats;
    const before = stats.aborted;
    const req = request(`${upstream().url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-length': '1000' },
    });
    req.on('error', () => {});
    req.write('{"model":"gpt-4o-mini",');
    await waitFor(() => stats.inFlight === 1);
    req.destroy();
    await waitFor(() => stats.aborted === before + 1);
    expect(stats.inFlight).toBe(0);
  });
});

describe('stats', () => {
  it('counts requests by route, completed answers, and remembers the last request', async () => {
    upstream().resetStats();
    await post(upstream(), '/v1/chat/completions', chat, { authorization: 'Bearer sk-test' });
    await post(upstream(), '/v1/embeddings', { model: 'e', input: 'x' });
    await fetch(`${upstream().url}/v1/models`);
    const { stats } = upstream();
    expect(stats).toMatchObject({
      requests: 3,
      completed: 3,
      aborted: 0,
      inFlight: 0,
      injectedFailures: 0,
    });
    expect(stats.byRoute).toMatchObject({
      'openai.chat': 1,
      'openai.embeddings': 1,
      'openai.models': 1,
      'anthropic.messages': 0,
    });
    expect(stats.lastRequest).toMatchObject({
      route: 'openai.models',
      method: 'GET',
      body: undefined,
    });
    await post(upstream(), '/v1/chat/completions', chat, { authorization: 'Bearer sk-test' });
    expect(stats.lastRequest?.headers.authorization).toBe('Bearer sk-test');
    expect(stats.lastRequest?.body).toEqual(chat);
  });
});

describe('bad input never crashes the server', () => {
  it('answers unknown paths 404 in the dialect the path looks like', async () => {
    const openAi = await post(upstream(), '/v1/completions', {});
    expect(openAi.status).toBe(404);
    expect(openAi.json.error.message).toBe('Invalid URL (POST /v1/completions)');
    const anthropic = await post(upstream(), '/v1/messages/count_tokens', {});
    expect(anthropic.json).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
    const gemini = await post(upstream(), '/v1beta/models/g:constructor', {});
    expect(gemini.json.error.status).toBe('NOT_FOUND');
    expect((await fetch(`${upstream().url}/v1/chat/completions`)).status).toBe(404);
    expect(upstream().stats.byRoute.unknown).toBeGreaterThanOrEqual(4);
  });

  it('refuses a body over 32 MB with 413 and keeps serving', async () => {
    const huge = await post(
      upstream(),
      '/v1/chat/completions',
      `{"model":"${'x'.repeat(33 * 1024 * 1024)}"}`,
    );
    expect(huge.status).toBe(413);
    expect(huge.json.error.type).toBe('invalid_request_error');
    expect((await post(upstream(), '/v1/chat/completions', chat)).status).toBe(200);
  });

  it('turns an unexpected error into a 500 in the provider shape and reports it', async () => {
    const reported: unknown[] = [];
    const broken = await startFakeUpstream({
      answerTokens: { min: 5, max: 5 },
      onUnexpectedError: (e) => reported.push(e),
    });
    try {
      // A getter that throws stands in for a bug deep in an endpoint.
      const res = await post(broken, '/v1/chat/completions', chat);
      expect(res.status).toBe(200);
      expect(res.json.usage.completion_tokens).toBe(5);
      Object.defineProperty(broken.stats, 'lastRequest', {
        set: () => {
          throw new Error('boom');
        },
        configurable: true,
      });
      const failed = await post(broken, '/v1/messages', {
        model: 'c',
        max_tokens: 5,
        messages: [{ role: 'user', content: 'x' }],
      });
      expect(failed.status).toBe(500);
      expect(failed.json.error.type).toBe('api_error');
      expect(reported).toHaveLength(1);
    } finally {
      await broken.close();
    }
  });
});

describe('close()', () => {
  it('ends hanging requests and frees the port', async () => {
    const own: FakeUpstream = await startFakeUpstream({ behavior: { fail: 'timeout' } });
    const hanging = fetch(`${own.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify(chat),
    });
    await waitFor(() => own.stats.inFlight === 1);
    await own.close();
    await expect(hanging).rejects.toThrow();
    expect(own.stats.aborted).toBe(0);
    await expect(fetch(`${own.url}/v1/models`)).rejects.toThrow();
  });
});
