import { setTimeout as sleep } from 'node:timers/promises';
import { UsageEventSchema, type UsageEvent } from '@alfred/contracts';
import type { Logger } from '@alfred/telemetry';
import { jetstream, type Consumer, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DatabasePool } from 'slonik';
import { isRefusedData } from './database-errors.ts';
import type { LedgerMetrics } from './ledger-metrics.ts';
import { RejectedEvents } from './rejected-events.ts';
import { UsageBatchWriter } from './usage-batch-writer.ts';

export interface LedgerConsumerOptions {
  nc: NatsConnection;
  pool: DatabasePool;
  log: Logger;
  metrics: LedgerMetrics;
  streamName: string;
  consumerName: string;
  /** Events per transaction. */
  batchSize?: number;
  /** How long a fetch waits to fill a batch (JetStream's minimum is 1 s). */
  fetchExpiresMs?: number;
  /** Redelivery delay of a batch whose transaction failed. */
  retryDelayMs?: number;
  /** Told the wallets of every batch once it is written (to refresh them in Redis). */
  onPosted?: (accountIds: Set<string>) => void;
}

interface FetchedBatch {
  messages: JsMsg[];
  error: unknown;
}

interface ParsedMessage {
  msg: JsMsg;
  event: UsageEvent;
}

const maxBackoffMs = 5_000;

/**
 * Takes usage events from the durable consumer in batches, writes each batch in one
 * transaction and only then acknowledges it. Anything may stop it between the two (a
 * crash, SIGKILL): the events are delivered again and the write is idempotent. Any number
 * of these may share the consumer.
 */
export class LedgerConsumer {
  readonly #options: Required<LedgerConsumerOptions>;
  readonly #writer: UsageBatchWriter;
  readonly #stopping = new AbortController();
  #consumer: Consumer | null = null;
  #loop: Promise<void> = Promise.resolve();
  #lastBatchOk = true;
  readonly #rejected: RejectedEvents;

  static start(options: LedgerConsumerOptions): LedgerConsumer {
    const consumer = new LedgerConsumer(options);
    consumer.#loop = consumer.#run();
    return consumer;
  }

  private constructor(options: LedgerConsumerOptions) {
    this.#options = {
      batchSize: 1_000,
      fetchExpiresMs: 1_000,
      retryDelayMs: 1_000,
      onPosted: () => {},
      ...options,
    };
    this.#writer = new UsageBatchWriter(options.pool);
    this.#rejected = new RejectedEvents(
      options.nc,
      options.streamName,
      options.log,
      options.metrics.rejectedEvents,
    );
  }

  /** False while the last batch could not be written (the database is unavailable). */
  get healthy(): boolean {
    return this.#lastBatchOk && !this.#options.nc.isClosed();
  }

  /** Finishes the batch in hand (written and acknowledged, or handed back), then stops. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    await this.#loop;
  }

  async #run(): Promise<void> {
    let failures = 0;
    let prefetched: Promise<FetchedBatch> | null = null;
    while (!this.#stopping.signal.aborted) {
      const { messages, error }: FetchedBatch = await (prefetched ?? this.#fetch());
      // While this batch's transaction runs, the next batch is already on its way.
      prefetched = error || failures > 0 ? null : this.#fetch();
      const ok = error ? false : await this.#handle(messages);
      this.#lastBatchOk = ok;
      failures = ok ? 0 : failures + 1;
      if (failures > 0) await this.#pause(Math.min(250 * 2 ** (failures - 1), maxBackoffMs));
    }
    // Events in hand are written (or handed back) before stopping, not left to time out.
    if (prefetched) await this.#handle((await prefetched).messages);
  }

  /**
   * Never rejects: an unexpected failure (acknowledging on a closed connection, say) counts
   * as a failed batch; its events come back.
   */
  async #handle(batch: readonly JsMsg[]): Promise<boolean> {
    try {
      return await this.#process(batch);
    } catch (error) {
      this.#options.log.error({ err: error }, 'processing a usage batch failed');
      return false;
    } finally {
      await this.#rejected.remove();
    }
  }

  /** Never rejects: a failed fetch is reported with whatever messages did arrive. */
  async #fetch(): Promise<FetchedBatch> {
    const { nc, streamName, consumerName, batchSize, fetchExpiresMs, log } = this.#options;
    const messages: JsMsg[] = [];
    try {
      this.#consumer ??= await jetstream(nc).consumers.get(streamName, consumerName);
      const fetched = await this.#consumer.fetch({
        max_messages: batchSize,
        expires: fetchExpiresMs,
      });
      for await (const msg of fetched) messages.push(msg);
      return { messages, error: null };
    } catch (error) {
      this.#consumer = null;
      log.warn({ err: error, received: messages.length }, 'fetching usage events failed');
      // Keep what arrived; what did not will be delivered again.
      return { messages, error: messages.length === 0 ? error : null };
    }
  }

  /** Returns false when the batch could not be written and was handed back. */
  async #process(batch: readonly JsMsg[]): Promise<boolean> {
    const parsed = batch.flatMap((msg) => this.#parse(msg));
    if (parsed.length === 0) return true;
    const { metrics, log, retryDelayMs } = this.#options;
    const stopTimer = metrics.batchSeconds.startTimer();
    try {
      this.#record(await this.#writer.write(parsed.map((p) => p.event)));
      for (const p of parsed) p.msg.ack();
      this.#options.onPosted(new Set(parsed.map((p) => p.event.accountId)));
      stopTimer();
      return true;
    } catch (error) {
      if (isRefusedData(error)) return this.#processOneByOne(parsed);
      metrics.failedBatches.inc();
      log.error(
        { err: error, events: parsed.length },
        'writing a usage batch failed; redelivering',
      );
      for (const p of parsed) p.msg.nak(retryDelayMs);
      return false;
    }
  }

  /**
   * The database refused something in the batch: write each event alone, so one bad event
   * is set aside instead of holding back every other one for ever.
   */
  async #processOneByOne(parsed: readonly ParsedMessage[]): Promise<boolean> {
    const { metrics, retryDelayMs } = this.#options;
    let allWritten = true;
    for (const { msg, event } of parsed) {
      try {
        this.#record(await this.#writer.write([event]));
        msg.ack();
      } catch (error) {
        if (isRefusedData(error)) {
          this.#rejected.reject(msg, 'usage event refused by the database', { err: error });
        } else {
          allWritten = false;
          msg.nak(retryDelayMs);
        }
      }
    }
    if (!allWritten) metrics.failedBatches.inc();
    return allWritten;
  }

  #parse(msg: JsMsg): ParsedMessage[] {
    let result;
    try {
      result = UsageEventSchema.safeParse(JSON.parse(msg.string()));
    } catch {
      result = null;
    }
    if (result?.success) return [{ msg, event: result.data }];
    this.#rejected.reject(msg, 'invalid usage event', {
      reason: result ? result.error.issues[0]?.message : 'not JSON',
      issues: result?.error.issues,
    });
    return [];
  }

  #record(result: { written: number; duplicates: number }): void {
    this.#options.metrics.eventsWritten.inc(result.written);
    this.#options.metrics.duplicateEvents.inc(result.duplicates);
  }

  async #pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.#stopping.signal }).catch(() => {});
  }
}
