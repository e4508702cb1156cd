import { hostname } from 'node:os';
import type { NatsConnection } from '@nats-io/transport-node';
import {
  subjects,
  type DeploymentHealthSnapshot,
  MAX_LISTED_REPLIES,
  WORKER_HEARTBEAT_VERSION,
  type WorkerHeartbeat,
  type WorkerState,
} from '@alfred/contracts';
import type { HeldReplies, WorkerLoad } from '../pool-worker.ts';

export interface HeartbeatOptions {
  workerId: string;
  pool: string;
  intervalMs: number;
  /** The worker's software version. */
  version: string;
  /** Read once per beat; must be cheap (counters the worker already keeps). */
  load: () => WorkerLoad;
  /** Per-deployment health; none until the resilience layer provides it. */
  healthSnapshot?: () => DeploymentHealthSnapshot[];
  /** Reply subjects of the requests the process holds (see WorkerHeartbeat.replies). */
  heldReplies?: (limit: number) => HeldReplies;
}

/**
 * Announces a worker process on its pool's heartbeat subject: at start, every
 * `intervalMs`, at once when asked (drain began), and a last `leaving` beat on stop.
 * Listeners (`alfred pools`, admin-api) learn of a new process from its first beat and
 * of a dead one from the beats that stop coming; nothing is configured anywhere.
 */
export class HeartbeatPublisher {
  readonly #nc: NatsConnection;
  readonly #options: HeartbeatOptions;
  readonly #subject: string;
  readonly #host = hostname();
  readonly #startedAt = Date.now();
  readonly #timer: NodeJS.Timeout;
  #left = false;

  constructor(nc: NatsConnection, options: HeartbeatOptions) {
    this.#nc = nc;
    this.#options = options;
    this.#subject = subjects.poolHeartbeat(options.pool);
    this.#timer = setInterval(() => this.beat(), options.intervalMs);
    // The worker's own connections keep the process alive, never its heartbeat.
    this.#timer.unref();
    this.beat();
  }

  /** Publishes the current state now (the timer keeps its rhythm). */
  beat(): void {
    if (this.#left) return;
    this.#publish(this.#options.load().draining ? 'draining' : 'serving');
  }

  /** The last beat: the process has finished its work and goes. */
  async stop(): Promise<void> {
    if (this.#left) return;
    clearInterval(this.#timer);
    this.#publish('leaving');
    this.#left = true;
    await this.#nc.flush().catch(() => undefined);
  }

  heartbeat(state: WorkerState): WorkerHeartbeat {
    const load = this.#options.load();
    return {
      v: WORKER_HEARTBEAT_VERSION,
      workerId: this.#options.workerId,
      pool: this.#options.pool,
      host: this.#host,
      pid: process.pid,
      version: this.#options.version,
      startedAt: this.#startedAt,
      sentAt: Date.now(),
      intervalMs: this.#options.intervalMs,
      capacity: load.capacity,
      inFlight: load.inFlight,
      queued: load.queued,
      draining: load.draining,
      state,
      ...this.#replies(),
      deployments: this.#options.healthSnapshot?.() ?? [],
    };
  }

  #replies(): Pick<WorkerHeartbeat, 'replies' | 'repliesTruncated'> {
    const held = this.#options.heldReplies?.(MAX_LISTED_REPLIES);
    if (!held) return {};
    return held.truncated
      ? { replies: held.subjects, repliesTruncated: true }
      : { replies: held.subjects };
  }

  #publish(state: WorkerState): void {
    try {
      this.#nc.publish(this.#subject, JSON.stringify(this.heartbeat(state)));
    } catch {
      // A closed connection: the beat is lost, which listeners read as the process going.
    }
  }
}
