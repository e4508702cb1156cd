import type { NatsConnection } from '@nats-io/transport-node';
import {
  ENVELOPE_VERSION,
  encodeReply,
  STREAM_WINDOW,
  type GatewayError,
  type ReplyHead,
  type ReplyKind,
} from '@alfred/contracts';

/** Waiting longer than this for the client to take chunks means ingress is gone. */
const ackTimeoutMs = 30_000;

export class ClientGoneError extends Error {
  constructor() {
    super('ingress stopped acknowledging the stream');
    this.name = 'ClientGoneError';
  }
}

/**
 * The worker's side of one reply: a whole answer, an error, or a stream of SSE frames
 * with credit-based flow control (at most STREAM_WINDOW unacknowledged chunks).
 */
export class ReplyChannel {
  readonly #nc: NatsConnection;
  readonly #replyTo: string;
  readonly #controlSubject: string;
  #seq = 0;
  #acked = 0;
  #waiting: { resolve: () => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  #forward: Record<string, string> = {};

  /** Largest payload of one message; bigger answers are sent in parts. */
  readonly #partBytes: number;

  constructor(nc: NatsConnection, replyTo: string, controlSubject: string) {
    this.#nc = nc;
    this.#partBytes = (nc.info?.max_payload ?? 1024 * 1024) - 8 * 1024;
    this.#replyTo = replyTo;
    this.#controlSubject = controlSubject;
  }

  /** HTTP headers the client receives with the answer (set before the first send). */
  setHeader(name: string, value: string): void {
    this.#forward[name] = value;
  }

  /** Where the answer goes: ingress's inbox for this request. */
  get replyTo(): string {
    return this.#replyTo;
  }

  get started(): boolean {
    return this.#seq > 0;
  }

  /** A whole answer; one too large for a NATS message goes as flow-controlled parts. */
  async respond(status: number, body: string): Promise<void> {
    if (body.length * 3 <= this.#partBytes || Buffer.byteLength(body) <= this.#partBytes) {
      this.#publish('response', status, body, true);
      return;
    }
    const bytes = Buffer.from(body);
    let offset = 0;
    for (; offset + this.#partBytes < bytes.length; offset += this.#partBytes) {
      await this.sendChunk(bytes.subarray(offset, offset + this.#partBytes));
    }
    this.end(bytes.subarray(offset));
  }

  fail(error: GatewayError): void {
    for (const [name, value] of Object.entries(error.headers)) this.#forward[name] = value;
    this.#publish('error', error.status, JSON.stringify(error.toBody()), true, error.metricCode);
  }

  /** Sends SSE frames; resolves when the window allows more. */
  async sendChunk(frames: string | Uint8Array): Promise<void> {
    this.#seq++;
    this.#publish('chunk', 200, frames, this.#seq === 1);
    if (this.#seq - this.#acked >= STREAM_WINDOW) await this.#waitForAck();
  }

  /** The last frames of a stream. */
  end(frames: string | Uint8Array): void {
    this.#seq++;
    this.#publish('end', 200, frames, this.#seq === 1);
  }

  /** Called with every ack ingress sends on the control subject. */
  acknowledge(seq: number): void {
    if (seq > this.#acked) this.#acked = seq;
    if (this.#waiting && this.#seq - this.#acked < STREAM_WINDOW) {
      clearTimeout(this.#waiting.timer);
      this.#waiting.resolve();
      this.#waiting = undefined;
    }
  }

  /** The request was cancelled: stop waiting for acks. */
  abort(): void {
    if (this.#waiting) {
      clearTimeout(this.#waiting.timer);
      this.#waiting.reject(new ClientGoneError());
      this.#waiting = undefined;
    }
  }

  #waitForAck(): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiting = undefined;
        reject(new ClientGoneError());
      }, ackTimeoutMs);
      this.#waiting = { resolve, reject, timer };
    });
  }

  #publish(
    kind: ReplyKind,
    status: number,
    data: string | Uint8Array,
    first: boolean,
    code?: string,
  ): void {
    const head: ReplyHead = {
      v: ENVELOPE_VERSION,
      kind,
      status,
      seq: kind === 'chunk' || kind === 'end' ? this.#seq : 0,
    };
    if (code !== undefined) head.code = code;
    if (first) {
      if (kind === 'chunk') head.control = this.#controlSubject;
      head.headers = this.#forward;
    }
    this.#nc.publish(this.#replyTo, encodeReply(head, data));
  }
}
