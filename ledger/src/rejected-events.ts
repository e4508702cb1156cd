import type { Logger } from '@alfred/telemetry';
import { jetstreamManager, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Counter } from 'prom-client';

/**
 * Events that can never be written (invalid, or refused by the database). Each is logged
 * with its body (to be replayed by hand once understood) and terminated, so it never holds
 * back the events around it; then it is removed from the stream. Removing it matters on
 * servers that keep terminated messages of a work queue pending (nats-server 2.9 does),
 * where they would hold `max_ack_pending` slots and the lag gauge up for ever.
 */
export class RejectedEvents {
  readonly #nc: NatsConnection;
  readonly #streamName: string;
  readonly #log: Logger;
  readonly #counter: Counter;
  readonly #toRemove: number[] = [];

  constructor(nc: NatsConnection, streamName: string, log: Logger, counter: Counter) {
    this.#nc = nc;
    this.#streamName = streamName;
    this.#log = log;
    this.#counter = counter;
  }

  reject(msg: JsMsg, why: string, details: Record<string, unknown>): void {
    this.#log.error(
      { ...details, subject: msg.subject, streamSeq: msg.seq, body: msg.string().slice(0, 4_096) },
      `${why}; set aside`,
    );
    this.#counter.inc();
    msg.term(why);
    this.#toRemove.push(msg.seq);
  }

  /** Removes the events rejected since the last call from the stream. Never rejects. */
  async remove(): Promise<void> {
    if (this.#toRemove.length === 0) return;
    const seqs = this.#toRemove.splice(0);
    try {
      await this.#nc.flush(); // the terminations reach the server first
      const jsm = await jetstreamManager(this.#nc);
      // Newer servers remove a terminated work-queue message themselves: "not found" is fine.
      for (const seq of seqs)
        await jsm.streams.deleteMessage(this.#streamName, seq, false).catch(() => {});
    } catch (error) {
      this.#log.warn({ err: error }, 'could not remove rejected usage events from the stream');
    }
  }
}
