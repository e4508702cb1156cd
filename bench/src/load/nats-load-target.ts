import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NatsLoadTarget } from './load-job.ts';
import type { LoadRunRecorder } from './load-run-recorder.ts';

/**
 * Request-reply over one NATS connection, kept open across jobs. Replies come in on the
 * client's shared (muxed) inbox subscription, as ingress's do on its wildcard inbox.
 */
export class NatsLoadClient {
  readonly #connections = new Map<string, NatsConnection>();

  async prepare(target: NatsLoadTarget): Promise<void> {
    if (!this.#connections.has(target.natsUrl)) {
      this.#connections.set(
        target.natsUrl,
        await connect({ servers: target.natsUrl, name: 'bench-load-generator' }),
      );
    }
  }

  /** Sends one request due at `dueAt`; `prepare` must have connected first. */
  send(target: NatsLoadTarget, dueAt: number, timeoutMs: number, recorder: LoadRunRecorder): void {
    const nc = this.#connections.get(target.natsUrl)!;
    const sentAt = recorder.started();
    nc.request(target.subject, target.payload, { timeout: timeoutMs }).then(
      (msg) => recorder.succeeded(dueAt, sentAt, performance.now(), msg.data.length),
      (error: unknown) => {
        const name = (error as Error).name;
        recorder.failed(name === 'TimeoutError' ? 'timeout' : name, String(error));
      },
    );
  }

  async close(): Promise<void> {
    await Promise.all([...this.#connections.values()].map((nc) => nc.drain()));
    this.#connections.clear();
  }
}
