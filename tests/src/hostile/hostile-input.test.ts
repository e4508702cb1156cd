import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnIngress, type IngressProcess } from '../test-support/ingress-process.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';
import { hostileBodies, hostileReads, type HostileRequest } from './hostile-corpus.ts';

let stack: TestStack;
let ingress: IngressProcess;

beforeAll(async () => {
  stack = await startTestStack();
  ingress = await spawnIngress(stack.config);
}, 60_000);
afterAll(async () => {
  await ingress?.stop();
  await stack?.close();
});

interface Outcome {
  kind: string;
  status: number;
  contentType: string;
  body: string;
}

function send(path: string, hostile: HostileRequest): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    const authorization =
      hostile.authorization === undefined ? `Bearer ${stack.apiKey}` : hostile.authorization;
    if (authorization !== null) headers.authorization = authorization;
    const contentType =
      hostile.contentType === undefined ? 'application/json' : hostile.contentType;
    if (contentType !== null && hostile.body !== undefined) headers['content-type'] = contentType;
    // Node's client frames a GET body with neither length nor chunking unless told the length.
    if (hostile.body !== undefined && !hostile.dribbleMs) {
      headers['content-length'] = String(Buffer.byteLength(hostile.body));
    }
    const req = request(
      `${ingress.url}${path}${hostile.pathSuffix ?? ''}`,
      { method: hostile.method, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (body += body.length < 4096 ? d : ''));
        res.on('end', () =>
          resolve({
            kind: hostile.kind,
            status: res.statusCode!,
            contentType: res.headers['content-type'] ?? '',
            body,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) => {
      // A server may stop reading an upload it refuses (413) and close before the client has
      // finished sending it: the client then sees EPIPE/ECONNRESET instead of the answer.
      if (
        hostile.kind === 'over-limit' &&
        (error.code === 'EPIPE' || error.code === 'ECONNRESET')
      ) {
        resolve({ kind: hostile.kind, status: 0, contentType: '', body: 'closed while uploading' });
        return;
      }
      reject(
        new Error(
          `${hostile.kind} ${path}${hostile.pathSuffix ?? ''}: ${error.message}\n${ingress.stderr().slice(-2000)}`,
        ),
      );
    });
    if (hostile.body === undefined) {
      req.end();
    } else if (hostile.dribbleMs) {
      const bytes = Buffer.from(hostile.body);
      const pieces = 10;
      let i = 0;
      const timer = setInterval(() => {
        const piece = bytes.subarray(
          Math.floor((i * bytes.length) / pieces),
          Math.floor(((i + 1) * bytes.length) / pieces),
        );
        i++;
        if (i < pieces) req.write(piece);
        else {
          clearInterval(timer);
          req.end(piece);
        }
      }, hostile.dribbleMs / pieces);
    } else {
      req.end(hostile.body);
    }
  });
}

async function sendAll(
  path: string,
  requests: HostileRequest[],
  concurrency = 24,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const hostile = requests[next++]!;
        outcomes.push(await send(path, hostile));
      }
    }),
  );
  return outcomes;
}

function expectNoServerErrors(outcomes: Outcome[]) {
  const serverErrors = outcomes.filter((o) => o.status >= 500);
  expect(serverErrors.map((o) => `${o.kind} ${o.status} ${o.body.slice(0, 200)}`)).toEqual([]);
  for (const o of outcomes) {
    if (o.status >= 400 && o.contentType.startsWith('application/json')) {
      const parsed = JSON.parse(o.body) as { error?: { message?: unknown; type?: unknown } };
      expect(typeof parsed.error?.message, `${o.kind}: ${o.body}`).toBe('string');
      expect(o.body, o.kind).not.toMatch(/\bat .+\.ts:\d+/); // no stack traces
    }
  }
}

describe('hostile input', () => {
  it.each([
    ['/v1/chat/completions', 'chat'],
    ['/v1/embeddings', 'embeddings'],
  ] as const)(
    '%s answers 1,000+ hostile bodies without a 5xx',
    async (path, endpoint) => {
      const requests = hostileBodies(endpoint, 1_000);
      expect(requests.length).toBeGreaterThanOrEqual(1_000);
      const outcomes = await sendAll(path, requests);
      expectNoServerErrors(outcomes);
      const byKind = (kind: string) => outcomes.filter((o) => o.kind === kind).map((o) => o.status);
      expect(new Set(byKind('broken-json'))).not.toContain(200);
      expect(new Set(byKind('proto-keys'))).toEqual(new Set([400]));
      // 413, or the connection closed mid-upload (status 0) when the refusal won the race.
      expect([413, 0]).toContain(byKind('over-limit')[0]);
      expect(new Set(byKind('bad-auth'))).toEqual(new Set([401]));
      expect(new Set(byKind('deep-nesting'))).toEqual(new Set([400]));
      expect(outcomes.filter((o) => o.status === 200).length).toBeGreaterThan(0);
    },
    180_000,
  );

  it.each(['/v1/models', '/v1/models/', '/healthz', '/ready', '/metrics'])(
    '%s answers 1,000 hostile reads without a 5xx',
    async (path) => {
      const outcomes = await sendAll(path, hostileReads(1_000));
      expectNoServerErrors(outcomes);
    },
    120_000,
  );

  it('survives bytes that are not HTTP at all', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(ingress.url).port), '127.0.0.1');
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      socket.on('error', () => resolve(data));
      socket.end('GARBAGE \u0000\u0001 NOT HTTP\r\n\r\n');
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
  });

  it('stays up, serves normal requests, and keeps its memory bounded afterwards', async () => {
    expect(ingress.exited()).toBe(false);
    const before = ingress.residentBytes();
    await sendAll('/v1/chat/completions', hostileBodies('chat', 1_000));
    const after = ingress.residentBytes();
    expect(after - before).toBeLessThan(200 * 1024 * 1024);
    const ok = await fetch(`${ingress.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'still there?' }],
      }),
    });
    expect(ok.status).toBe(200);
  }, 180_000);
});
