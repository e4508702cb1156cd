import type { ServerResponse } from 'node:http';
import { GatewayError, STREAM_WINDOW, type WorkRequest } from '@alfred/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WorkerGateway } from '../gateway/worker-gateway.ts';
import type { WorkerReply } from '../gateway/worker-reply.ts';
import type { IngressMetrics } from '../ingress-metrics.ts';

export interface ForwardContext {
  gateway: WorkerGateway;
  metrics: IngressMetrics;
  route: string;
  pool: string;
  timeoutMs: number;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

/** Header the worker sets with the time the provider itself took (whole answer or first byte). */
const upstreamMsHeader = 'x-alfred-upstream-ms';
const ackEvery = STREAM_WINDOW / 2;

function overheadMs(ctx: ForwardContext, reply: WorkerReply): number {
  const elapsed = performance.now() - ctx.receivedAt;
  const upstream = Number(reply.forwardHeaders[upstreamMsHeader] ?? 0);
  return Math.max(0, elapsed - upstream);
}

/** Sends a non-streamed request to its pool and relays the worker's answer unchanged. */
export function forwardResponse(
  ctx: ForwardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  work: WorkRequest,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const res = reply.raw;
    const dispatch = ctx.gateway.dispatch(ctx.pool, work, ctx.timeoutMs, (answer) => {
      res.off('close', onClose);
      if (answer instanceof GatewayError) {
        reject(answer);
        return;
      }
      const overhead = overheadMs(ctx, answer);
      ctx.metrics.overhead.observe({ route: ctx.route, stream: 'false' }, overhead / 1000);
      reply
        .code(answer.meta.status)
        .headers(answer.forwardHeaders)
        .header('x-alfred-overhead-ms', overhead.toFixed(3))
        .header('content-type', 'application/json')
        .send(Buffer.from(answer.data.buffer, answer.data.byteOffset, answer.data.byteLength));
      resolve();
    });
    const onClose = () => {
      if (!res.writableEnded) {
        dispatch.cancel();
        request.log.info({ requestId: work.id }, 'client went away; upstream call cancelled');
        resolve();
      }
    };
    res.once('close', onClose);
  });
}

/**
 * Relays a streamed answer: SSE frames from the worker are written to the client as
 * they come, acknowledged back to the worker once written (flow control), and the
 * worker is told to stop if the client goes away.
 */
export function forwardStream(
  ctx: ForwardContext,
  request: FastifyRequest,
  reply: FastifyReply,
  work: WorkRequest,
  onError: (error: GatewayError, res: ServerResponse) => void,
): void {
  reply.hijack();
  const res = reply.raw;
  let started = false;
  let acked = 0;
  let control: string | undefined;

  const dispatch = ctx.gateway.dispatch(ctx.pool, work, ctx.timeoutMs, (answer) => {
    if (answer instanceof GatewayError) {
      if (!started) onError(answer, res);
      else endWithErrorEvent(res, answer);
      return;
    }
    const { meta } = answer;
    if (!started) {
      started = true;
      if (meta.kind === 'error' || meta.kind === 'response') {
        res.writeHead(meta.status, {
          ...answer.forwardHeaders,
          'content-type': 'application/json',
          'x-request-id': request.id,
        });
        res.end(answer.data);
        ctx.metrics.requests.inc({ route: ctx.route, status: meta.status });
        return;
      }
      control = meta.control;
      const overhead = overheadMs(ctx, answer);
      ctx.metrics.overhead.observe({ route: ctx.route, stream: 'true' }, overhead / 1000);
      res.writeHead(200, {
        ...answer.forwardHeaders,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-request-id': request.id,
        'x-alfred-overhead-ms': overhead.toFixed(3),
      });
      ctx.metrics.requests.inc({ route: ctx.route, status: 200 });
    }
    const writable = res.write(answer.data);
    if (meta.kind === 'end') {
      res.end();
      return;
    }
    if (control && meta.seq - acked >= ackEvery) {
      const seq = meta.seq;
      const subject = control;
      acked = seq;
      if (writable) dispatch.acknowledge(seq, subject);
      else res.once('drain', () => dispatch.acknowledge(seq, subject));
    }
  });

  res.once('close', () => {
    if (!res.writableEnded) {
      dispatch.cancel();
      request.log.info({ requestId: work.id }, 'client went away mid-stream; upstream call cancelled');
    }
  });
}

/** A stream that already started can only end with an error event, as OpenAI does. */
function endWithErrorEvent(res: ServerResponse, error: GatewayError): void {
  if (res.writableEnded) return;
  res.write(`data: ${JSON.stringify(error.toBody())}\n\n`);
  res.end('data: [DONE]\n\n');
}
