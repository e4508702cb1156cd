import { afterAll, beforeAll } from 'vitest';
import { startFakeUpstream } from '../server.ts';
import type { FakeUpstream, FakeUpstreamOptions } from '../server.ts';

/** One fake upstream for the test file, on a free port, closed after the file. */
export function useFakeUpstream(options: FakeUpstreamOptions = {}): () => FakeUpstream {
  let upstream: FakeUpstream | undefined;
  beforeAll(async () => {
    upstream = await startFakeUpstream({ port: 0, ...options });
  });
  afterAll(() => upstream?.close());
  return () => {
    if (upstream === undefined) throw new Error('the fake upstream is not started yet');
    return upstream;
  };
}

export interface PostedAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The body parsed as JSON (undefined if it is not JSON). */
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests poke into provider bodies
}

export async function post(
  upstream: FakeUpstream,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<PostedAnswer> {
  const res = await fetch(upstream.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

/**
 * Splits an SSE body into events, strictly: every event must end with the blank line of
 * the given line ending, and hold only `event:` and `data:` lines.
 */
export function parseSse(text: string, eol: '\n' | '\r\n'): SseEvent[] {
  const separator = eol + eol;
  if (!text.endsWith(separator))
    throw new Error(`stream does not end with ${JSON.stringify(separator)}`);
  return text
    .slice(0, -separator.length)
    .split(separator)
    .map((block) => {
      let event: string | undefined;
      let data: string | undefined;
      for (const line of block.split(eol)) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data = line.slice(6);
        else throw new Error(`unexpected SSE line ${JSON.stringify(line)}`);
      }
      if (data === undefined) throw new Error(`SSE event without data: ${JSON.stringify(block)}`);
      return { event, data };
    });
}
