import type { IncomingMessage } from 'node:http';

/** Bodies above this are refused: the fake must not be the thing that runs out of memory. */
export const BODY_LIMIT_BYTES = 32 * 1024 * 1024;

export const NOT_JSON: unique symbol = Symbol('not JSON');
export const TOO_LARGE: unique symbol = Symbol('too large');
export const CLIENT_GONE: unique symbol = Symbol('client gone');

/**
 * The parsed JSON body; NOT_JSON when it does not parse (an empty body included);
 * TOO_LARGE past the limit (the rest is drained, not kept, so the 413 can still be sent);
 * CLIENT_GONE when the client hung up mid-upload (an abort, not a bug to report).
 */
export function readJsonBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk);
    });
    req.on('error', () => resolve(CLIENT_GONE));
    req.on('end', () => {
      if (size > BODY_LIMIT_BYTES) return resolve(TOO_LARGE);
      const bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      try {
        resolve(JSON.parse(bytes.toString('utf8')));
      } catch {
        resolve(NOT_JSON);
      }
    });
  });
}
