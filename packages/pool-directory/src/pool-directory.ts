import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { decodeMessage, subjects, WorkerHeartbeatSchema } from '@alfred/contracts';
import {
  deploymentHealthAcross,
  type DeploymentHealthAcrossProcesses,
} from './deployment-health.ts';
import { processOf, summarizePools, type HeardWorker, type PoolsReport } from './pool-summary.ts';

export interface PoolDirectoryOptions {
  /** How long a gone process stays listed (as gone) before it is forgotten. */
  forgetAfterMs?: number;
  now?: () => number;
}

/**
 * Every worker process of every pool, as their heartbeats describe them. It needs no list
 * of pools or processes: whoever beats is listed, whoever stops beating is marked gone.
 * State is kept per process (latest beat only) and aggregated when read, so a beat costs
 * one parse and one map write.
 */
export class PoolDirectory {
  readonly #heard = new Map<string, HeardWorker>();
  readonly #subscription: Subscription;
  readonly #forgetAfterMs: number;
  readonly #now: () => number;
  #invalidHeartbeats = 0;

  static start(nc: NatsConnection, options: PoolDirectoryOptions = {}): PoolDirectory {
    return new PoolDirectory(nc, options);
  }

  constructor(nc: NatsConnection, options: PoolDirectoryOptions = {}) {
    this.#forgetAfterMs = options.forgetAfterMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#subscription = nc.subscribe(subjects.allPoolHeartbeats, {
      callback: (_error, msg) => this.receive(msg.string()),
    });
  }

  /** One message from a heartbeat subject. */
  receive(text: string): void {
    const beat = decodeMessage(WorkerHeartbeatSchema, text);
    if (!beat) {
      this.#invalidHeartbeats += 1;
      return;
    }
    this.#heard.set(beat.workerId, { beat, receivedAt: this.#now() });
  }

  get invalidHeartbeats(): number {
    return this.#invalidHeartbeats;
  }

  report(): PoolsReport {
    const now = this.#now();
    this.#forgetLongGone(now);
    return {
      generatedAt: now,
      pools: summarizePools(this.#heard.values(), now),
      invalidHeartbeats: this.#invalidHeartbeats,
    };
  }

  /** Each deployment across the live processes of every pool. */
  deploymentHealth(): DeploymentHealthAcrossProcesses[] {
    const now = this.#now();
    const live = [...this.#heard.values()]
      .map((heard) => ({ pool: heard.beat.pool, process: processOf(heard, now) }))
      .filter(({ process }) => process.state !== 'gone');
    return deploymentHealthAcross(live.map(({ pool, process }) => ({ ...process, pool })));
  }

  async close(): Promise<void> {
    this.#subscription.unsubscribe();
  }

  #forgetLongGone(now: number): void {
    for (const [workerId, heard] of this.#heard) {
      const process = processOf(heard, now);
      if (process.state === 'gone' && now - heard.receivedAt > this.#forgetAfterMs) {
        this.#heard.delete(workerId);
      }
    }
  }
}
