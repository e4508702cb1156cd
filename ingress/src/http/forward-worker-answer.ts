import type { ServerResponse } from 'node:http';
import { GatewayError, STREAM_WINDOW, type WorkRequest } from '@alfred/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { nobodyWillSettle, type Dispatch, type WorkerGateway } from '../gateway/worker-gateway.ts';
import type { WorkerReply } from '../gateway/worker-reply.ts';
import type { IngressMetrics } from '../ingress-metrics.ts';

export interface ForwardContext {
  gateway: WorkerGateway;
  metrics: IngressMetrics;
  route: string;
  pool: string;
  timeoutMs: number;
  /** Headers every answer carries (the rate-limit ones). */
  headers: Record<string, string>;
  /** Called when no worker will settle the request (never reached one, or its worker died): its reservation can go back. */
  onUndelivered: () => void;
}

/** Header the worker sets with the time the provider itself took (whole answer or first byte). */
const upstreamMsHeader = 'x-alfred-upstream-ms';
const ackEvery = STREAM_WINDOW / 2;
const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};
const jsonHeaders = { 'content-type': 'application/json' };

/**
 * Sends a work request to its pool and relays the worker's answer to the client as it
 * comes: a whole answer in one message, or parts (SSE frames of a stream, or pieces of
 * a body too large for one NATS message) acknowledged back to the worker once written,
 * so a slow client slows the worker rather than filling memory. A client that goes
 * away cancels the work. The returned promise settles when the answer is complete.
 */
export function forwardWorkerAnswer(
  ctx: ForwardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  work: WorkRequest,
): Promise<void> {
  const res = reply.raw;
  const partHeaders = work.stream ? sseHeaders : jsonHeaders;
  let started = false;
  let acked = 0;
  let control: string | undefined;
  let settle: () => void = () => {};
  const done = new Promise<void>((resolve) => (settle = resolve));
  // Requests are counted by the server's onResponse hook, which also runs for hijacked replies.
  const finish = () => settle();

  // Dispatch before hijacking: a request that cannot be sent still gets Fastify's error reply.
  let dispatch: Dispatch;
  try {
    dispatch = ctx.gateway.dispatch(ctx.pool, work, ctx.timeoutMs, onAnswer);
  } catch (error) {
    ctx.onUndelivered();
    throw error;
  }
  function onAnswer(answer: WorkerReply | GatewayError): void {
    if (answer instanceof GatewayError) {
      request.errorCode = answer.metricCode;
      if (nobodyWillSettle(answer)) ctx.onUndelivered();
      if (started) endWithErrorEvent(res, work.stream, answer);
      else writeError(res, request.id, answer, ctx.headers);
      finish();
      return;
    }
    const { meta } = answer;
    if (!started) {
      started = true;
      const overhead = overheadMs(request, answer);
      ctx.metrics.overhead.observe(
        { route: ctx.route, stream: String(work.stream) },
        overhead / 1000,
      );
      const whole = meta.kind === 'response' || meta.kind === 'error';
      res.writeHead(meta.status, {
        ...ctx.headers,
        ...answer.forwardHeaders,
        ...(whole ? jsonHeaders : partHeaders),
        'x-request-id': request.id,
        'x-alfred-overhead-ms': overhead.toFixed(3),
      });
      if (whole) {
        if (meta.kind === 'error') request.errorCode = meta.code ?? 'upstream_error';
        res.end(answer.data);
        finish();
        return;
      }
      control = meta.control;
    }
    if (meta.kind === 'end') {
      // One call: Node sends the last frames and the chunked terminator in one write.
      res.end(answer.data);
      finish();
      return;
    }
    const writable = res.write(answer.data);
    if (control && meta.seq - acked >= ackEvery) {
      const seq = meta.seq;
      const subject = control;
      acked = seq;
      if (writable) dispatch.acknowledge(seq, subject);
      else res.once('drain', () => dispatch.acknowledge(seq, subject));
    }
  }
  reply.hijack();
  const onClientGone = () => {
    if (res.writableEnded) return;
    dispatch.cancel();
    request.log.info({ requestId: work.id }, 'client went away; upstream call cancelled');
    finish();
  };
  if (res.destroyed) onClientGone();
  else res.once('close', onClientGone);
  return done;
}

function overheadMs(request: FastifyRequest, reply: WorkerReply): number {
  const elapsed = performance.now() - request.receivedAt;
  const upstream = Number(reply.forwardHeaders[upstreamMsHeader] ?? 0);
  return Math.max(0, elapsed - upstream);
}

function writeError(
  res: ServerResponse,
  requestId: string,
  error: GatewayError,
  headers: Record<string, string>,
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(error.status, {
    ...headers,
    ...error.headers,
    ...jsonHeaders,
    'x-request-id': requestId,
  });
  res.end(JSON.stringify(error.toBody()));
}

/** An answer already under way can only end with an error event, as OpenAI's streams do. */
function endWithErrorEvent(res: ServerResponse, stream: boolean, error: GatewayError): void {
  if (res.writableEnded) return;
  if (stream) {
    res.write(`data: ${JSON.stringify(error.toBody())}\n\n`);
    res.end('data: [DONE]\n\n');
  } else {
    res.destroy(); // a half-sent JSON body cannot be repaired; the client sees a cut connection
  }
}
