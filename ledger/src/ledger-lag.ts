import type { Logger } from '@alfred/telemetry';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { Gauge } from 'prom-client';

/**
 * Keeps `gauge` at the consumer's backlog: events not yet delivered plus events delivered
 * and not yet acknowledged. Returns a function that stops it.
 */
export function watchLedgerLag(
  nc: NatsConnection,
  names: { streamName: string; consumerName: string },
  gauge: Gauge,
  log: Logger,
  intervalMs = 5_000,
): () => void {
  const refresh = async () => {
    try {
      const jsm = await jetstreamManager(nc);
      const info = await jsm.consumers.info(names.streamName, names.consumerName);
      gauge.set(info.num_pending + info.num_ack_pending);
    } catch (error) {
      log.debug({ err: error }, 'could not read the ledger consumer backlog');
    }
  };
  void refresh();
  const timer = setInterval(() => void refresh(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
