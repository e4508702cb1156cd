import { z } from 'zod';
import { ENVELOPE_VERSION } from './work-request.ts';

/**
 * Worker → ingress replies. The payload of every reply is one line of JSON, the reply head
 * (what ingress needs to know), then `\n`, then bytes ingress writes to the HTTP client
 * unchanged (a JSON body, or complete SSE frames), so ingress never parses or re-serialises
 * an answer.
 *
 * - `response`: the whole non-streamed answer (status + body), one message.
 * - `error`: an OpenAI error body, before anything was streamed, one message; the head
 *   repeats the error's code so ingress can count errors without parsing the body.
 * - `chunk`: SSE frames of a stream; the first one carries status, forwarded headers
 *   and the control subject for flow control.
 * - `end`: the last SSE frames of a stream (`data: [DONE]`); nothing follows it.
 *
 * The head is not sent as NATS headers: nats.js builds and parses those with several
 * string passes per header, which at thousands of replies a second made up about a fifth
 * of what ingress and the worker allocated (heap profile), and so of their GC pauses.
 */
export const ReplyKindSchema = z.enum(['response', 'error', 'chunk', 'end']);
export type ReplyKind = z.infer<typeof ReplyKindSchema>;

export const ReplyHeadSchema = z.object({
  v: z.literal(ENVELOPE_VERSION),
  kind: ReplyKindSchema,
  status: z.number().int().min(100).max(599),
  /** Position of a stream message (1, 2, …); 0 for a whole answer. */
  seq: z.number().int().nonnegative(),
  /** The subject ingress acknowledges chunks on (first chunk of a stream). */
  control: z.string().optional(),
  /** HTTP headers for the client (first message of an answer only). */
  headers: z.record(z.string(), z.string()).optional(),
  /** Of an `error`: its OpenAI code (or type, when it has no code), for ingress's metrics. */
  code: z.string().optional(),
});
export type ReplyHead = z.infer<typeof ReplyHeadSchema>;

const lineFeed = 0x0a;
const headDecoder = new TextDecoder();
const replyKinds = new Set<string>(ReplyKindSchema.options);

/** One reply's payload: the head line, then the bytes for the client. */
export function encodeReply(head: ReplyHead, data: string | Uint8Array): string | Uint8Array {
  const line = `${JSON.stringify(head)}\n`;
  if (typeof data === 'string') return line + data;
  return Buffer.concat([Buffer.from(line), data]);
}

/**
 * Reads a reply payload. The head is checked by the rules of `ReplyHeadSchema` by hand:
 * this runs for every reply and stream chunk, where a schema parse showed in the CPU
 * profile. Throws on a payload that is not a reply.
 */
export function decodeReply(payload: Uint8Array): { head: ReplyHead; data: Uint8Array } {
  const end = payload.indexOf(lineFeed);
  if (end < 0) throw new Error('worker reply without a head line');
  const head = JSON.parse(headDecoder.decode(payload.subarray(0, end))) as ReplyHead;
  if (
    typeof head !== 'object' ||
    head === null ||
    head.v !== ENVELOPE_VERSION ||
    !replyKinds.has(head.kind) ||
    !Number.isInteger(head.status) ||
    head.status < 100 ||
    head.status > 599 ||
    !Number.isInteger(head.seq) ||
    head.seq < 0 ||
    (head.control !== undefined && typeof head.control !== 'string') ||
    (head.headers !== undefined && !isStringRecord(head.headers)) ||
    (head.code !== undefined && typeof head.code !== 'string')
  ) {
    throw new Error(
      `malformed worker reply head: ${headDecoder.decode(payload.subarray(0, Math.min(end, 200)))}`,
    );
  }
  return { head, data: payload.subarray(end + 1) };
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  for (const item of Object.values(value)) if (typeof item !== 'string') return false;
  return true;
}

/** Ingress → worker on the control subject: the client has consumed chunks up to `seq`. */
export const StreamAckSchema = z.object({ seq: z.number().int().nonnegative() });
export type StreamAck = z.infer<typeof StreamAckSchema>;

/** Chunks a worker may have in flight to ingress before it waits for an ack. */
export const STREAM_WINDOW = 64;
