import { afterEach, describe, expect, it } from 'vitest';
import { post, useFakeUpstream } from './test-support/http-client.ts';

const upstream = useFakeUpstream();
afterEach(() => upstream().setBehavior({ latencyMs: 0, tokensPerSecond: 0 }));

const chat = { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Tell me something' }] };
const anthropic = {
  model: 'claude',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'Tell me something' }],
};

describe('latency and speed', () => {
  it('x-fake-latency-ms holds back the first byte, errors included', async () => {
    let started = Date.now();
    await post(upstream(), '/v1/chat/completions', chat, { 'x-fake-latency-ms': '150' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
    upstream().setBehavior({ latencyMs: 100 });
    started = Date.now();
    expect(
      (await post(upstream(), '/v1/messages', anthropic, { 'x-fake-fail': '500' })).status,
    ).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('x-fake-tokens-per-second paces streams token by token, and plain answers as a whole', async () => {
    const speed = { 'x-fake-tokens-per-second': '100' };
    const res = await fetch(`${upstream().url}/v1/chat/completions`, {
      method: 'POST',
      headers: speed,
      body: JSON.stringify({ ...chat, stream: true, max_tokens: 10 }),
    });
    const started = Date.now();
    const arrivals: number[] = [];
    const reader = res.body!.getReader();
    for (let r = await reader.read(); !r.done; r = await reader.read())
      arrivals.push(Date.now() - started);
    expect(arrivals.at(-1)).toBeGreaterThanOrEqual(85);
    expect(arrivals.length).toBeGreaterThanOrEqual(5);
    const plainStart = Date.now();
    await post(upstream(), '/v1/chat/completions', { ...chat, max_tokens: 10 }, speed);
    expect(Date.now() - plainStart).toBeGreaterThanOrEqual(95);
  });

  it('refuses a malformed x-fake-* header with a 400 in the provider shape', async () => {
    const bad = await post(upstream(), '/v1/messages', anthropic, { 'x-fake-latency-ms': 'soon' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/x-fake-latency-ms/);
    const unknownMode = await post(upstream(), '/v1/chat/completions', chat, {
      'x-fake-fail': 'explode',
    });
    expect(unknownMode.json.error.param).toBe('x-fake-fail');
  });
});
