import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpstreamHttp, type UpstreamCallOptions } from './upstream-http.ts';

// A provider stand-in on loopback: the edge of the system, where the worker's HTTP ends.
const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
  '/whole': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-request-id': 'up-1' });
    res.write('{"answer":"hel');
    setTimeout(() => res.end('lo","n":2}'), 20);
  },
  '/rejected': (_req, res) => {
    res.writeHead(429, { 'retry-after': '3' }).end('{"error":{"message":"slow down"}}');
  },
  '/garbage': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>');
  },
  '/stalls': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"answer":');
  },
  '/resets': (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"answer":');
    setTimeout(() => res.socket?.destroy(), 20);
  },
};
let received: string[] = [];
let server: Server;
let base: string;
const http = new UpstreamHttp();

beforeAll(async () => {
  server = createServer((req, res) => {
    received.push(req.url ?? '');
    req.resume();
    req.on('end', () => routes[req.url ?? '']?.(req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await http.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function options(overrides: Partial<UpstreamCallOptions> = {}): UpstreamCallOptions {
  return {
    signal: new AbortController().signal,
    connectTimeoutMs: 1_000,
    timeoutMs: 2_000,
    maxConnections: 4,
    stream: false,
    ...overrides,
  };
}

const post = (path: string, overrides?: Partial<UpstreamCallOptions>) =>
  http.post({ url: `${base}${path}`, headers: {}, body: '{"q":1}' }, options(overrides));

describe('UpstreamHttp, an answer read whole', () => {
  it('resolves with the status, the headers and the whole body once it has ended', async () => {
    const response = await post('/whole');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-request-id']).toBe('up-1');
    expect(await response.body.json()).toEqual({ answer: 'hello', n: 2 });
    expect(await response.body.text()).toBe('{"answer":"hello","n":2}');
    const pieces: string[] = [];
    for await (const bytes of response.body) pieces.push(Buffer.from(bytes).toString());
    expect(pieces.join('')).toBe('{"answer":"hello","n":2}');
  });

  it("gives a provider's error answer with its headers, for the connector to map", async () => {
    const response = await post('/rejected');
    expect(response.statusCode).toBe(429);
    expect(response.headers['retry-after']).toBe('3');
    expect(await response.body.text()).toContain('slow down');
  });

  it('rejects with a SyntaxError from json() for a body that is not JSON', async () => {
    const response = await post('/garbage');
    expect(response.statusCode).toBe(200);
    await expect(response.body.json()).rejects.toBeInstanceOf(SyntaxError);
    expect(await response.body.text()).toBe('<html>oops</html>');
  });

  it("fails with undici's body timeout when the body stalls", async () => {
    const started = performance.now();
    await expect(post('/stalls', { timeoutMs: 150 })).rejects.toMatchObject({
      code: 'UND_ERR_BODY_TIMEOUT',
    });
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('fails with a socket error when the connection breaks mid-body', async () => {
    await expect(post('/resets')).rejects.toMatchObject({ code: 'UND_ERR_SOCKET' });
  });

  it("fails with the signal's reason, at once, when the call is cancelled mid-body", async () => {
    const controller = new AbortController();
    const call = post('/stalls', { signal: controller.signal, timeoutMs: 10_000 });
    setTimeout(() => controller.abort(new DOMException('client gone', 'AbortError')), 50);
    const started = performance.now();
    await expect(call).rejects.toMatchObject({ name: 'AbortError', message: 'client gone' });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('sends nothing for a signal that was already aborted', async () => {
    received = [];
    const controller = new AbortController();
    controller.abort(new DOMException('too late', 'TimeoutError'));
    await expect(post('/whole', { signal: controller.signal })).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(received).toEqual([]);
  });

  it('cancels at once a call still queued for a connection, and never sends it', async () => {
    // One connection per origin: the stalled call holds it, the second waits in the pool.
    const single = new UpstreamHttp();
    const url = `http://localhost:${(server.address() as AddressInfo).port}`;
    received = [];
    const holder = new AbortController();
    const holding = single
      .post(
        { url: `${url}/stalls`, headers: {}, body: '' },
        options({ signal: holder.signal, maxConnections: 1, timeoutMs: 10_000 }),
      )
      .catch((error: unknown) => error);
    const queued = new AbortController();
    const waiting = single.post(
      { url: `${url}/whole`, headers: {}, body: '' },
      options({ signal: queued.signal, maxConnections: 1 }),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    queued.abort(new DOMException('client gone', 'AbortError'));
    await expect(waiting).rejects.toMatchObject({ message: 'client gone' });
    holder.abort(new DOMException('done', 'AbortError'));
    await holding;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toEqual(['/stalls']);
    await single.close();
  });
});
