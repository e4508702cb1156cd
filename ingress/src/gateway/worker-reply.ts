import type { Msg } from '@nats-io/transport-node';
import { replyHeaders, ReplyMetaSchema, type ReplyMeta } from '@alfred/contracts';

/** One decoded worker reply: what to do (meta), HTTP headers to forward, bytes for the client. */
export interface WorkerReply {
  meta: ReplyMeta;
  forwardHeaders: Record<string, string>;
  data: Uint8Array;
}

const forwardPrefixLength = replyHeaders.forwardPrefix.length;

export function decodeWorkerReply(msg: Msg): WorkerReply {
  const h = msg.headers;
  const meta = ReplyMetaSchema.parse({
    kind: h?.get(replyHeaders.kind),
    status: h?.get(replyHeaders.status) || undefined,
    seq: h?.get(replyHeaders.seq) || undefined,
    control: h?.get(replyHeaders.control) || undefined,
  });
  const forwardHeaders: Record<string, string> = {};
  if (h) {
    for (const key of h.keys()) {
      if (key.startsWith(replyHeaders.forwardPrefix)) {
        forwardHeaders[key.slice(forwardPrefixLength).toLowerCase()] = h.get(key);
      }
    }
  }
  return { meta, forwardHeaders, data: msg.data };
}

/** The NATS server's answer when nobody subscribes to the subject: empty body, status 503. */
export function isNoRespondersReply(msg: Msg): boolean {
  return msg.data.length === 0 && msg.headers?.code === 503;
}
