import { LEDGER_CONSUMER, USAGE_STREAM, USAGE_SUBJECTS } from '@alfred/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';

/** Where usage events wait and who takes them; tests and benchmarks use their own. */
export interface UsageStreamNames {
  streamName: string;
  subjects: string;
  consumerName: string;
}

export const defaultUsageStreamNames: UsageStreamNames = {
  streamName: USAGE_STREAM,
  subjects: USAGE_SUBJECTS,
  consumerName: LEDGER_CONSUMER,
};

export interface UsageStreamOptions {
  /** How long a delivered event may stay unacknowledged before it goes to another ledger. */
  ackWaitMs?: number;
  /** Window in which JetStream drops a second publish with the same Nats-Msg-Id (request id). */
  duplicateWindowMs?: number;
}

/**
 * Creates the usage stream and the ledger's durable pull consumer if they do not exist
 * (an existing stream or consumer is left as it is: whoever created it owns its config).
 * Work-queue retention: an event stays on disk until a ledger acknowledges it, however
 * long the ledger is away, and leaves once it is written.
 */
export async function ensureUsageStream(
  nc: NatsConnection,
  names: UsageStreamNames,
  options: UsageStreamOptions = {},
): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const streamExists = await jsm.streams.info(names.streamName).then(
    () => true,
    (error: unknown) => missing(error, JetStreamApiCodes.StreamNotFound),
  );
  if (!streamExists) {
    await createUnlessRaced(() =>
      jsm.streams.add({
        name: names.streamName,
        subjects: [names.subjects],
        storage: StorageType.File,
        retention: RetentionPolicy.Workqueue,
        duplicate_window: nanos(options.duplicateWindowMs ?? 5 * 60_000),
      }),
    );
  }
  const consumerExists = await jsm.consumers.info(names.streamName, names.consumerName).then(
    () => true,
    (error: unknown) => missing(error, JetStreamApiCodes.ConsumerNotFound),
  );
  if (!consumerExists) {
    await createUnlessRaced(() =>
      jsm.consumers.add(names.streamName, {
        durable_name: names.consumerName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: nanos(options.ackWaitMs ?? 30_000),
        // Several ledgers each hold a batch or two in flight; this only bounds a runaway.
        max_ack_pending: 50_000,
        max_deliver: -1,
      }),
    );
  }
}

/** False for "not found" (so: create it); anything else is thrown. */
function missing(error: unknown, notFoundCode: number): false {
  if (error instanceof JetStreamApiError && error.code === notFoundCode) return false;
  throw error;
}

/** Several ledgers may start at once: the one that loses the race keeps the winner's. */
async function createUnlessRaced(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    // 10058: stream name in use with another configuration; 10013/10148: consumer exists.
    const raced =
      error instanceof JetStreamApiError &&
      (error.code === 10058 || error.code === 10013 || error.code === 10148);
    if (!raced) throw error;
  }
}

/** Removes a stream and its consumers (tests and benchmarks clean up after themselves). */
export async function deleteUsageStream(nc: NatsConnection, streamName: string): Promise<void> {
  const jsm = await jetstreamManager(nc);
  await jsm.streams.delete(streamName).catch((error: unknown) => {
    if (!(error instanceof JetStreamApiError && error.code === JetStreamApiCodes.StreamNotFound))
      throw error;
  });
}
