import type { Exchange } from './exchange.ts';
import { serializeFrame } from './reply.ts';
import type { JsonReply, Reply, StreamFrame, StreamReply } from './reply.ts';

/** Injected failures that need an answer to damage; the others never build one. */
export type AnswerDamage = 'malformed' | 'stream-cut' | null;

/**
 * Puts a reply on the wire. With no pacing and no damage this is one writeHead and one
 * end(): the benchmark measures the gateway against this path, so it stays allocation-light.
 */
export function deliverReply(
  exchange: Exchange,
  reply: Reply,
  tokensPerSecond: number,
  damage: AnswerDamage,
): Promise<void> | void {
  if (reply.kind === 'json') return deliverJson(exchange, reply, tokensPerSecond, damage);
  return deliverStream(exchange, reply, tokensPerSecond, damage);
}

function firstHalf(text: string): string {
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

async function deliverJson(
  exchange: Exchange,
  reply: JsonReply,
  tokensPerSecond: number,
  damage: AnswerDamage,
): Promise<void> {
  // A non-streamed answer takes as long to "generate" as its stream would.
  if (tokensPerSecond > 0 && reply.generatedTokens > 0) {
    await exchange.pause((reply.generatedTokens * 1000) / tokensPerSecond);
    if (exchange.closed) return;
  }
  const { res } = exchange;
  if (damage === null) {
    res.writeHead(reply.status, reply.headers);
    res.end(reply.body);
    return;
  }
  const half = firstHalf(reply.body);
  if (damage === 'malformed') {
    res.writeHead(reply.status, {
      ...reply.headers,
      'content-length': String(Buffer.byteLength(half)),
    });
    res.end(half);
    return;
  }
  // stream-cut on a plain answer: promise the whole length, send half, hang up.
  res.writeHead(reply.status, reply.headers);
  await new Promise<void>((resolve) => res.write(half, () => resolve()));
  exchange.cut('close');
}

/** Where stream-cut hangs up: after half of the token frames (or half the frames). */
function cutPoint(frames: StreamFrame[]): number {
  const tokenFrames: number[] = [];
  frames.forEach((f, i) => f.isToken && tokenFrames.push(i));
  if (tokenFrames.length === 0) return Math.floor(frames.length / 2);
  return tokenFrames[Math.floor(tokenFrames.length / 2)] as number;
}

/** Which frame `malformed` breaks: the first token frame, so the stream has started. */
function brokenFrame(frames: StreamFrame[]): number {
  return Math.max(
    0,
    frames.findIndex((f) => f.isToken),
  );
}

async function deliverStream(
  exchange: Exchange,
  reply: StreamReply,
  tokensPerSecond: number,
  damage: AnswerDamage,
): Promise<void> {
  const { res } = exchange;
  const { frames, lineEnding } = reply;
  const cutAt = damage === 'stream-cut' ? cutPoint(frames) : -1;
  const brokenAt = damage === 'malformed' ? brokenFrame(frames) : -1;
  const text = (i: number): string => {
    const f = frames[i] as StreamFrame;
    return serializeFrame(f, lineEnding, i === brokenAt ? firstHalf(f.data) : f.data);
  };
  res.writeHead(200, reply.headers);
  if (tokensPerSecond <= 0 && cutAt < 0) {
    let body = '';
    for (let i = 0; i < frames.length; i++) body += text(i);
    res.end(body);
    return;
  }
  // Headers go out now: time to first byte must not wait for the first token.
  res.flushHeaders();
  const interval = tokensPerSecond > 0 ? 1000 / tokensPerSecond : 0;
  let due = performance.now();
  for (let i = 0; i < frames.length; i++) {
    if (i === cutAt) {
      if (i === 0) await new Promise((resolve) => setImmediate(resolve));
      exchange.cut('close');
      return;
    }
    if ((frames[i] as StreamFrame).isToken && interval > 0) {
      // Deadlines, not sleeps, so timer slack does not add up; sub-millisecond waits are skipped.
      due += interval;
      const wait = due - performance.now();
      if (wait >= 1) await exchange.pause(wait);
      if (exchange.closed) return;
    }
    if (i + 1 === cutAt) {
      // Hang up only once the last frame before the cut has reached the socket.
      await new Promise<void>((resolve) => res.write(text(i), () => resolve()));
    } else {
      res.write(text(i));
    }
  }
  res.end();
}
