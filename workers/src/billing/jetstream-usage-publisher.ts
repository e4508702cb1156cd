import {
  createInbox,
  headers as natsHeaders,
  type Msg,
  type NatsConnection,
  type Subscription,
} from '@nats-io/transport-node';
import { usageSubject, type UsageEvent } from '@alfred/contracts';
import type { UsagePublisher } from './request-settlement.ts';

/** JetStream did not store a usage event: it refused it, nobody took it, or no ack came. */
export class UsagePublishError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsagePublishError';
  }
}

export interface UsagePublisherOptions {
  /** Where an event goes; the usage stream's subject for its organization by default. */
  subjectOf?: (event: UsageEvent) => string;
  /** Tries per event, with 200 ms, 400 ms, … between them. */
  attempts?: number;
  /** How long to wait for JetStream's acknowledgement of one try. */
  ackTimeoutMs?: number;
}

interface PendingAck {
  resolve: () => void;
  reject: (error: Error) => void;
  deadline: number;
}

/**
 * Publishes usage events to JetStream with `Nats-Msg-Id` = request id: a retry after a
 * lost acknowledgement is dropped by the stream's duplicate window, and any duplicate that
 * slips past it is dropped by the ledger, which is idempotent on the request id.
 *
 * It publishes with a reply subject on an inbox of its own and matches the acknowledgements
 * itself rather than calling `js.publish()`: that goes through `nc.request()`, which builds
 * a request object, a timer and an Error per call (its `cancel()` makes one even after a
 * success); with one publish per billed answer that was several per cent of the worker's
 * CPU. Overdue acknowledgements are swept by one timer rather than a timer per event.
 */
export class JetStreamUsagePublisher implements UsagePublisher {
  readonly #nc: NatsConnection;
  readonly #inbox: string;
  readonly #subscription: Subscription;
  readonly #pending = new Map<string, PendingAck>();
  readonly #subjectOf: (event: UsageEvent) => string;
  readonly #attempts: number;
  readonly #ackTimeoutMs: number;
  readonly #sweeper: NodeJS.Timeout;
  #nextToken = 0;

  constructor(nc: NatsConnection, options: UsagePublisherOptions = {}) {
    this.#nc = nc;
    this.#subjectOf = options.subjectOf ?? ((event) => usageSubject(event.orgId));
    this.#attempts = options.attempts ?? 4;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 5_000;
    this.#inbox = createInbox();
    this.#subscription = nc.subscribe(`${this.#inbox}.*`, {
      callback: (error, msg) => {
        if (!error) this.#onAcknowledgement(msg);
      },
    });
    // Unreferenced: it never keeps the process alive, and once a second costs nothing.
    this.#sweeper = setInterval(
      () => this.#failOverdue(performance.now()),
      Math.min(1_000, this.#ackTimeoutMs),
    ).unref();
  }

  async publish(event: UsageEvent): Promise<void> {
    const subject = this.#subjectOf(event);
    const payload = JSON.stringify(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#publishOnce(subject, payload, event.requestId);
        return;
      } catch (error) {
        if (attempt >= this.#attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }

  /** Stops listening for acknowledgements; events still waiting for one fail. */
  close(): void {
    clearInterval(this.#sweeper);
    this.#subscription.unsubscribe();
    this.#failOverdue(Number.POSITIVE_INFINITY);
  }

  #publishOnce(subject: string, payload: string, messageId: string): Promise<void> {
    const token = (this.#nextToken++).toString(36);
    const headers = natsHeaders();
    headers.set('Nats-Msg-Id', messageId);
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(token, {
        resolve,
        reject,
        deadline: performance.now() + this.#ackTimeoutMs,
      });
      try {
        this.#nc.publish(subject, payload, { reply: `${this.#inbox}.${token}`, headers });
      } catch (error) {
        this.#pending.delete(token);
        reject(error as Error);
      }
    });
  }

  #onAcknowledgement(msg: Msg): void {
    const token = msg.subject.slice(this.#inbox.length + 1);
    const pending = this.#pending.get(token);
    if (!pending) return; // it came after its try was given up: the retry is deduplicated
    this.#pending.delete(token);
    const failure = acknowledgementFailure(msg);
    if (failure) pending.reject(failure);
    else pending.resolve();
  }

  #failOverdue(now: number): void {
    for (const [token, pending] of this.#pending) {
      if (pending.deadline > now) continue;
      this.#pending.delete(token);
      pending.reject(new UsagePublishError('JetStream did not acknowledge the usage event'));
    }
  }
}

/** A PubAck names the stream that stored the event; anything else is a failure. */
function acknowledgementFailure(msg: Msg): UsagePublishError | undefined {
  if (msg.data.length === 0) {
    // A status message: 503 when no stream listens on the subject.
    const status = msg.headers?.code;
    return new UsagePublishError(
      status === 503
        ? 'no JetStream stream takes usage events on this subject'
        : `JetStream answered with status ${status ?? 'unknown'}`,
    );
  }
  let ack: unknown;
  try {
    ack = msg.json();
  } catch {
    return new UsagePublishError('JetStream sent an unreadable acknowledgement');
  }
  if (typeof ack !== 'object' || ack === null) {
    return new UsagePublishError('JetStream sent an unreadable acknowledgement');
  }
  if ('error' in ack) {
    const description = (ack.error as { description?: unknown } | null)?.description;
    return new UsagePublishError(`JetStream refused the usage event: ${String(description)}`);
  }
  return 'stream' in ack ? undefined : new UsagePublishError('JetStream sent no stream in its ack');
}
