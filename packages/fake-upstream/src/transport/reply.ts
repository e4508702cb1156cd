/**
 * What an endpoint answers, as data: the provider formats build these with pure functions
 * and reply-delivery.ts puts them on the wire (latency, pacing and injected failures
 * happen there, once for every format).
 */

export interface JsonReply {
  kind: 'json';
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Tokens the answer "generated": at a set tokens-per-second it is held back that long. */
  generatedTokens: number;
}

export interface StreamFrame {
  /** The SSE `event:` name, for formats that name their events (Anthropic). */
  event?: string;
  data: string;
  /** Carries one generated token: paced at the tokens-per-second rate. */
  isToken: boolean;
}

export interface StreamReply {
  kind: 'stream';
  headers: Record<string, string>;
  frames: StreamFrame[];
  /** `\n` for OpenAI and Anthropic, `\r\n` for Gemini. */
  lineEnding: '\n' | '\r\n';
}

export type Reply = JsonReply | StreamReply;

export function jsonReply(
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
  generatedTokens = 0,
): JsonReply {
  const body = JSON.stringify(value);
  return {
    kind: 'json',
    status,
    headers: {
      'content-type': 'application/json',
      ...headers,
      'content-length': String(Buffer.byteLength(body)),
    },
    body,
    generatedTokens,
  };
}

export function frame(data: unknown, isToken: boolean, event?: string): StreamFrame {
  const text = typeof data === 'string' ? data : JSON.stringify(data);
  return event === undefined ? { data: text, isToken } : { event, data: text, isToken };
}

export function serializeFrame(f: StreamFrame, eol: string, data: string = f.data): string {
  const dataLine = `data: ${data}${eol}${eol}`;
  return f.event === undefined ? dataLine : `event: ${f.event}${eol}${dataLine}`;
}
