import { jetstream, type JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { usageSubject, type UsageEvent } from '@alfred/contracts';
import type { UsagePublisher } from './request-settlement.ts';

const attempts = 4;

/**
 * Publishes usage events to JetStream with `Nats-Msg-Id` = request id: a retry after a
 * lost acknowledgement is dropped by the stream's duplicate window, and any duplicate that
 * slips past it is dropped by the ledger, which is idempotent on the request id.
 */
export class JetStreamUsagePublisher implements UsagePublisher {
  readonly #js: JetStreamClient;

  constructor(nc: NatsConnection) {
    this.#js = jetstream(nc);
  }

  async publish(event: UsageEvent): Promise<void> {
    const payload = JSON.stringify(event);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#js.publish(usageSubject(event.orgId), payload, {
          msgID: event.requestId,
          timeout: 5_000,
        });
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** attempt));
      }
    }
  }
}
