import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ChatCompletionResponse, FinishReason } from '@alfred/contracts';

/** An answer as a cache holds it: the provider's response and when it was stored. */
export interface CachedAnswer {
  response: ChatCompletionResponse;
  /** Epoch ms. */
  storedAt: number;
}

/**
 * Only answers the provider finished are kept: a stop, a tool call, or the `max_tokens`
 * limit the request itself set (asking again gives the same cut). A content filter verdict
 * or a missing finish reason is not an answer to replay.
 */
const finishedReasons = new Set<FinishReason | null>([
  'stop',
  'length',
  'tool_calls',
  'function_call',
]);

export function isCacheableAnswer(response: ChatCompletionResponse): boolean {
  return (
    response.choices.length > 0 &&
    response.choices.every((c) => finishedReasons.has(c.finish_reason))
  );
}

/** Answers above this size are deflated: text shrinks 2–4×, and inflating costs microseconds. */
const deflateAbove = 1024;
const deflatedMarker = 0x01;

/** JSON, or a marker byte and raw deflate of it. JSON never starts with byte 0x01. */
export function encodeAnswer(answer: CachedAnswer): Buffer {
  const json = Buffer.from(JSON.stringify({ t: answer.storedAt, r: answer.response }));
  if (json.length <= deflateAbove) return json;
  return Buffer.concat([Buffer.of(deflatedMarker), deflateRawSync(json, { level: 1 })]);
}

export function decodeAnswer(stored: Buffer): CachedAnswer {
  const json = stored[0] === deflatedMarker ? inflateRawSync(stored.subarray(1)) : stored;
  const { t, r } = JSON.parse(json.toString('utf8')) as { t: number; r: ChatCompletionResponse };
  return { storedAt: t, response: r };
}
