import { z } from 'zod';

/**
 * Worker → ingress replies. The payload of every reply is bytes ingress writes to the
 * HTTP client unchanged (a JSON body, or complete SSE frames), so ingress never parses
 * or re-serialises an answer. What ingress needs to know travels in NATS headers:
 *
 * - `response`: the whole non-streamed answer (status + body), one message.
 * - `error`: an OpenAI error body, before anything was streamed, one message.
 * - `chunk`: SSE frames of a stream; the first one carries status, forwarded headers
 *   and the control subject for flow control.
 * - `end`: the last SSE frames of a stream (`data: [DONE]`); nothing follows it.
 */
export const ReplyKindSchema = z.enum(['response', 'error', 'chunk', 'end']);
export type ReplyKind = z.infer<typeof ReplyKindSchema>;

export const replyHeaders = {
  version: 'Alfred-V',
  kind: 'Alfred-Kind',
  status: 'Alfred-Status',
  seq: 'Alfred-Seq',
  control: 'Alfred-Control',
  /** Prefix of the HTTP headers the client must receive, e.g. `Alfred-H-x-alfred-deployment`. */
  forwardPrefix: 'Alfred-H-',
} as const;

export const ReplyMetaSchema = z.object({
  kind: ReplyKindSchema,
  status: z.coerce.number().int().min(100).max(599).default(200),
  seq: z.coerce.number().int().nonnegative().default(0),
  control: z.string().optional(),
});
export type ReplyMeta = z.infer<typeof ReplyMetaSchema>;

/** Ingress → worker on the control subject: the client has consumed chunks up to `seq`. */
export const StreamAckSchema = z.object({ seq: z.number().int().nonnegative() });
export type StreamAck = z.infer<typeof StreamAckSchema>;

/** Chunks a worker may have in flight to ingress before it waits for an ack. */
export const STREAM_WINDOW = 64;
