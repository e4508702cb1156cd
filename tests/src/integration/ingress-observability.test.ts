import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.close());

function chat(stream = false) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'gpt-4o-mini',
      stream,
      messages: [{ role: 'user', content: 'hi' }],
    }),
  });
}

function sample(metrics: string, line: string): number {
  const found = metrics.split('\n').find((l) => l.startsWith(line));
  return found ? Number(found.slice(found.lastIndexOf(' ') + 1)) : 0;
}

describe('ingress observability', () => {
  it('tells the client which deployment answered and what the gateway added', async () => {
    const res = await chat();
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-alfred-deployment')).toBe('fake-gpt-4o-mini');
    expect(Number(res.headers.get('x-alfred-overhead-ms'))).toBeGreaterThanOrEqual(0);
    expect(Number(res.headers.get('x-alfred-upstream-ms'))).toBeGreaterThanOrEqual(0);
    const streamed = await chat(true);
    expect(streamed.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(streamed.headers.get('x-alfred-overhead-ms')).not.toBeNull();
    await streamed.text();
  });

  it('counts each request once and records the overhead histogram', async () => {
    const route =
      'alfred_ingress_requests_total{route="/v1/chat/completions",status="200",service="ingress"}';
    const before = sample(await (await fetch(`${stack.url}/metrics`)).text(), route);
    for (let i = 0; i < 3; i++) await (await chat()).text();
    await (await chat(true)).text();
    const metrics = await (await fetch(`${stack.url}/metrics`)).text();
    expect(sample(metrics, route) - before).toBe(4);
    expect(metrics).toContain('alfred_ingress_overhead_seconds_bucket');
    expect(
      sample(
        metrics,
        'alfred_ingress_overhead_seconds_count{service="ingress",route="/v1/chat/completions",stream="true"}',
      ),
    ).toBeGreaterThan(0);
  });

  it('counts error answers by their OpenAI code, whether ingress or the worker gave them', async () => {
    const metrics = async () => (await fetch(`${stack.url}/metrics`)).text();
    const errors = (status: number, code: string) =>
      `alfred_ingress_errors_total{route="/v1/chat/completions",status="${status}",code="${code}",service="ingress"}`;
    const before = await metrics();

    // Refused by ingress itself: the body fails validation.
    const invalid = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [], temperature: 7 }),
    });
    const invalidBody = (await invalid.json()) as { error: { code: string | null; type: string } };
    // Answered by the worker: the provider keeps failing.
    stack.upstream.setBehavior({ fail: '500' });
    let failed: Response;
    try {
      failed = await chat();
    } finally {
      stack.upstream.setBehavior({ fail: null });
    }
    const failedBody = (await failed.json()) as { error: { code: string | null; type: string } };

    const after = await metrics();
    const invalidCode = invalidBody.error.code ?? invalidBody.error.type;
    const failedCode = failedBody.error.code ?? failedBody.error.type;
    expect(invalid.status).toBe(400);
    expect(failed.status).toBe(502);
    expect(sample(after, errors(400, invalidCode)) - sample(before, errors(400, invalidCode))).toBe(
      1,
    );
    expect(sample(after, errors(502, failedCode)) - sample(before, errors(502, failedCode))).toBe(
      1,
    );
    // A success is not an error.
    expect(after).not.toMatch(/alfred_ingress_errors_total\{[^}]*status="200"/);
  });

  it('is ready when a worker of every pool answers', async () => {
    const res = await fetch(`${stack.url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ready', pools: { [stack.pool]: true } });
  });
});
