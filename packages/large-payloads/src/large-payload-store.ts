import { LARGE_PAYLOAD_BUCKET } from '@alfred/contracts';
import { Objm, type ObjectStore } from '@nats-io/obj';
import type { NatsConnection } from '@nats-io/transport-node';

/** Objects nobody took (the worker died, say) disappear after this long. */
const unclaimedTtlMs = 10 * 60_000;

/**
 * Carries request bodies that do not fit in one NATS message (max_payload, 1 MiB by
 * default) through a JetStream object store: ingress puts the body, the worker that
 * takes the request reads and deletes it.
 */
export class LargePayloadStore {
  readonly #store: ObjectStore;
  /** Bytes a NATS message may carry on this connection. */
  readonly maxMessageBytes: number;

  static async open(nc: NatsConnection): Promise<LargePayloadStore> {
    const store = await new Objm(nc).create(LARGE_PAYLOAD_BUCKET, {
      ttl: unclaimedTtlMs * 1_000_000,
      storage: 'file',
    });
    return new LargePayloadStore(store, nc.info?.max_payload ?? 1024 * 1024);
  }

  constructor(store: ObjectStore, maxMessageBytes: number) {
    this.#store = store;
    this.maxMessageBytes = maxMessageBytes;
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    await this.#store.putBlob({ name }, bytes);
  }

  /** Reads the object and deletes it: each body is taken exactly once. */
  async take(name: string): Promise<Uint8Array> {
    const bytes = await this.#store.getBlob(name);
    if (!bytes) throw new Error(`large payload '${name}' is missing (expired or taken)`);
    await this.#store.delete(name).catch(() => {});
    return bytes;
  }
}
