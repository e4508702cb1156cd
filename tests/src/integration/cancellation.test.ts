import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

/** Sends a chat request and destroys the connection `abortAfterMs` after the first byte (or after sending, for non-streams). */
function sendAndAbandon(body: unknown, abortWhen: 'first-byte' | number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    });
    const abandon = () => {
      const at = Date.now();
      req.destroy();
      resolve(at);
    };
    req.on('error', () => {});
    req.on('response', (res) => {
      if (abortWhen === 'first-byte') res.once('data', abandon);
      else reject(new Error(`got a response (${res.statusCode}) before abandoning`));
    });
    req.end(JSON.stringify(body));
    if (typeof abortWhen === 'number') setTimeout(abandon, abortWhen);
  });
}

async function upstreamAbortAfter(since: number, count: number): Promise<number> {
  const deadline = Date.now() + 2_000;
  while (Date.now() < deadline) {
    if (stack.upstream.stats.aborted >= count) {
      return stack.upstream.stats.aborts.at(-1)!.abortedAt - since;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the upstream call was never cancelled');
}

describe('a client that goes away cancels the upstream call', () => {
  it('within 100 ms for a stream in progress', async () => {
    stack.upstream.setBehavior({ tokensPerSecond: 5, latencyMs: 0 });
    const before = stack.upstream.stats.aborted;
    const clientGoneAt = await sendAndAbandon(
      { model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: 'slow stream' }] },
      'first-byte',
    );
    expect(await upstreamAbortAfter(clientGoneAt, before + 1)).toBeLessThan(100);
  });

  it('within 100 ms for a request still waiting for its answer', async () => {
    stack.upstream.setBehavior({ tokensPerSecond: 0, latencyMs: 5_000 });
    const before = stack.upstream.stats.aborted;
    const clientGoneAt = await sendAndAbandon(
      { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'slow answer' }] },
      300,
    );
    expect(await upstreamAbortAfter(clientGoneAt, before + 1)).toBeLessThan(100);
    stack.upstream.setBehavior({ latencyMs: 0 });
  });
});

describe('a client that reads slowly', () => {
  it('still receives the whole stream, in order, while the worker waits for it', async () => {
    stack.upstream.setBehavior({ tokensPerSecond: 0, latencyMs: 0 });
    const body = {
      model: 'gpt-4o-mini',
      stream: true,
      max_tokens: 400,
      messages: [{ role: 'user', content: 'a long answer please '.repeat(20) }],
    };
    const whole = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...body, stream: false }),
    }).then((r) => r.json() as Promise<{ choices: { message: { content: string } }[] }>);

    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let raw = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      raw += decoder.decode(value, { stream: true });
      await new Promise((r) => setTimeout(r, 2));
    }
    const events = raw.split('\n\n').filter((e) => e.startsWith('data: '));
    expect(events.at(-1)).toBe('data: [DONE]');
    const text = events
      .slice(0, -1)
      .map((e) => JSON.parse(e.slice(6)) as { choices: { delta: { content?: string } }[] })
      .map((c) => c.choices[0]?.delta.content ?? '')
      .join('');
    expect(text).toBe(whole.choices[0]!.message.content);
  });
});
