import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import {
  decodeMessage,
  gatewayErrors,
  subjects,
  WorkerHeartbeatSchema,
  type GatewayError,
  type WorkRequest,
} from '@alfred/contracts';
import { LargePayloadStore } from '@alfred/large-payloads';
import type { Logger } from '@alfred/telemetry';
import { LostRequestDetector, type WatchedRequest } from './lost-request-detector.ts';
import { decodeWorkerReply, isNoRespondersReply, type WorkerReply } from './worker-reply.ts';
import { serviceNatsOptions } from '@alfred/service-process';

export type ReplyListener = (reply: WorkerReply | GatewayError) => void;

interface PendingRequest extends WatchedRequest {
  listener: ReplyListener;
  timer: NodeJS.Timeout;
  requestId: string;
}

/**
 * Whether `error` ends a request that no worker will settle: it never reached one
 * (`no_workers`), or the one holding it died (`worker_lost`). Its reservation can go back
 * at once instead of at its expiry. After a timeout the worker may still finish and settle.
 */
export function nobodyWillSettle(error: GatewayError): boolean {
  return error.code === 'no_workers' || error.code === 'worker_lost';
}

export interface WorkerGatewayOptions {
  /**
   * A request no worker has shown it holds for this long is answered 502 `worker_lost`
   * (see LostRequestDetector); 0 turns the check off.
   */
  workerLostAfterMs: number;
}

export interface Dispatch {
  /** The caller went away: stop listening and tell the worker to abort the upstream call. */
  cancel(): void;
  /** The caller has written the chunk `seq` to its client; lets the worker send more. */
  acknowledge(seq: number, controlSubject: string): void;
}

/**
 * Ingress's side of the NATS request-reply protocol. Every reply to this process comes
 * in on one wildcard subscription; the only state per request is its listener and
 * timer while it is in flight.
 */
export class WorkerGateway {
  readonly #nc: NatsConnection;
  readonly #inboxPrefix: string;
  readonly #subscription: Subscription;
  readonly #heartbeats: Subscription | undefined;
  readonly #lostCheck: NodeJS.Timeout | undefined;
  readonly #pending = new Map<string, PendingRequest>();
  readonly #largePayloads: LargePayloadStore;
  readonly #log: Logger;
  /** Envelopes up to this size go inline; larger bodies go through the object store. */
  readonly #inlineLimit: number;
  #nextToken = 0;

  static async connect(
    natsUrl: string,
    processId: string,
    log: Logger,
    options: WorkerGatewayOptions,
  ): Promise<WorkerGateway> {
    const nc = await connect(serviceNatsOptions(natsUrl, processId));
    return new WorkerGateway(nc, processId, log, await LargePayloadStore.open(nc), options);
  }

  constructor(
    nc: NatsConnection,
    processId: string,
    log: Logger,
    largePayloads: LargePayloadStore,
    options: WorkerGatewayOptions,
  ) {
    this.#nc = nc;
    this.#log = log;
    this.#largePayloads = largePayloads;
    // Headroom for the NATS headers and subject of the message.
    this.#inlineLimit = largePayloads.maxMessageBytes - 8 * 1024;
    this.#inboxPrefix = subjects.replyInboxPrefix(processId);
    const tokenStart = this.#inboxPrefix.length + 1;
    this.#subscription = nc.subscribe(`${this.#inboxPrefix}.*`, {
      callback: (error, msg) => {
        if (error) {
          log.error({ err: error }, 'reply subscription failed');
          return;
        }
        const token = msg.subject.slice(tokenStart);
        const pending = this.#pending.get(token);
        if (!pending) return; // the request already ended (timeout, cancel)
        if (isNoRespondersReply(msg)) {
          this.#finish(token);
          pending.listener(gatewayErrors.noWorkers(pending.pool));
          return;
        }
        let reply: WorkerReply;
        try {
          reply = decodeWorkerReply(msg);
        } catch (decodeError) {
          log.error({ err: decodeError, requestId: pending.requestId }, 'undecodable worker reply');
          this.#finish(token);
          pending.listener(gatewayErrors.internal());
          return;
        }
        const kind = reply.meta.kind;
        if (kind === 'response' || kind === 'error' || kind === 'end') this.#finish(token);
        else {
          pending.timer.refresh(); // a live stream is not timing out
          pending.lastSeenAt = performance.now();
        }
        pending.listener(reply);
      },
    });
    if (options.workerLostAfterMs > 0) {
      const detector = new LostRequestDetector(this.#inboxPrefix, options.workerLostAfterMs);
      this.#heartbeats = this.#watchHeartbeats(detector);
      this.#lostCheck = setInterval(
        () => this.#answerLostRequests(detector),
        Math.min(1_000, Math.ceil(options.workerLostAfterMs / 4)),
      );
      this.#lostCheck.unref();
    }
  }

  #watchHeartbeats(detector: LostRequestDetector): Subscription {
    const ofPool = (pool: string) =>
      [...this.#pending.values()].filter((pending) => pending.pool === pool);
    return this.#nc.subscribe(subjects.allPoolHeartbeats, {
      callback: (error, msg) => {
        if (error) return;
        const beat = decodeMessage(WorkerHeartbeatSchema, msg.string());
        if (!beat) return;
        detector.heard(beat, performance.now(), (token) => this.#pending.get(token), ofPool);
      },
    });
  }

  #answerLostRequests(detector: LostRequestDetector): void {
    const now = performance.now();
    for (const [token, pending] of this.#pending) {
      if (!detector.isLost(pending, now)) continue;
      this.#log.warn(
        { requestId: pending.requestId, pool: pending.pool },
        'no worker holds the request any more; answering worker_lost',
      );
      this.#finish(token);
      // In case its worker is alive after all (a partition): it stops and releases.
      this.#publishCancel(pending.requestId);
      pending.listener(gatewayErrors.workerLost());
    }
  }

  get connection(): NatsConnection {
    return this.#nc;
  }

  /**
   * Publishes `request` to its pool and calls `listener` with every reply until the
   * final one, or once with a GatewayError (no worker, timeout). Throws (before anything
   * is sent) a GatewayError for a request that cannot be sent at all.
   */
  dispatch(
    pool: string,
    request: WorkRequest,
    timeoutMs: number,
    listener: ReplyListener,
  ): Dispatch {
    let envelope: string;
    try {
      envelope = JSON.stringify(request);
    } catch {
      // JSON.parse takes any depth; JSON.stringify recurses and overflows on a hostile one.
      throw gatewayErrors.invalidRequest('The request body is nested too deeply.');
    }
    const token = (this.#nextToken++).toString(36);
    const timer = setTimeout(() => {
      if (!this.#pending.has(token)) return;
      this.#finish(token);
      this.#publishCancel(request.id);
      listener(gatewayErrors.upstreamTimeout(Math.round(timeoutMs / 1000)));
    }, timeoutMs);
    this.#pending.set(token, {
      listener,
      timer,
      requestId: request.id,
      pool,
      lastSeenAt: performance.now(),
    });
    const reply = `${this.#inboxPrefix}.${token}`;
    // A UTF-8 byte is at most 3 per UTF-16 unit: most envelopes are small enough to skip counting.
    if (
      envelope.length * 3 <= this.#inlineLimit ||
      Buffer.byteLength(envelope) <= this.#inlineLimit
    ) {
      this.#nc.publish(subjects.poolRequests(pool), envelope, { reply });
    } else {
      this.#publishWithStoredBody(pool, request, reply).catch((error: unknown) => {
        this.#log.error(
          { err: error, requestId: request.id },
          'could not store a large request body',
        );
        if (!this.#pending.has(token)) return;
        this.#finish(token);
        listener(gatewayErrors.internal());
      });
    }
    return {
      cancel: () => {
        if (!this.#pending.has(token)) return;
        this.#finish(token);
        this.#publishCancel(request.id);
      },
      acknowledge: (seq, controlSubject) => {
        this.#nc.publish(controlSubject, JSON.stringify({ seq }));
      },
    };
  }

  async #publishWithStoredBody(pool: string, request: WorkRequest, reply: string): Promise<void> {
    await this.#largePayloads.put(request.id, Buffer.from(JSON.stringify(request.body)));
    const { body: _stored, ...rest } = request;
    this.#nc.publish(
      subjects.poolRequests(pool),
      JSON.stringify({ ...rest, bodyRef: request.id }),
      {
        reply,
      },
    );
  }

  /** Any worker of `pool` answers its ping within `timeoutMs`. */
  async poolIsServing(pool: string, timeoutMs: number): Promise<boolean> {
    try {
      await this.#nc.request(subjects.poolPing(pool), '', { timeout: timeoutMs });
      return true;
    } catch {
      return false;
    }
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  async close(): Promise<void> {
    for (const [token, pending] of this.#pending) {
      this.#finish(token);
      this.#publishCancel(pending.requestId);
      pending.listener(gatewayErrors.noWorkers('any'));
    }
    clearInterval(this.#lostCheck);
    this.#heartbeats?.unsubscribe();
    this.#subscription.unsubscribe();
    await this.#nc.drain();
  }

  #finish(token: string): void {
    const pending = this.#pending.get(token);
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(token);
  }

  #publishCancel(requestId: string): void {
    if (!this.#nc.isClosed()) this.#nc.publish(subjects.cancel, requestId);
  }
}
