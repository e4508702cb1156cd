import type { Msg } from '@nats-io/transport-node';
import { decodeReply, type ReplyHead } from '@alfred/contracts';

/** One decoded worker reply: what to do (meta), HTTP headers to forward, bytes for the client. */
export interface WorkerReply {
  meta: ReplyHead;
  forwardHeaders: Record<string, string>;
  data: Uint8Array;
}

const noHeaders: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Reads a worker's reply (contracts' reply head + bytes); throws on one that is not. */
export function decodeWorkerReply(msg: Msg): WorkerReply {
  const { head, data } = decodeReply(msg.data);
  return { meta: head, forwardHeaders: head.headers ?? noHeaders, data };
}

/** The NATS server's answer when nobody subscribes to the subject: empty body, status 503. */
export function isNoRespondersReply(msg: Msg): boolean {
  return msg.data.length === 0 && msg.headers?.code === 503;
}
