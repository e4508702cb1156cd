import type { ManagedProcess } from './managed-process.ts';

/**
 * The processes `npm start` started, in the order it started them. They are stopped in the
 * reverse order, one stage at a time: the services together (so ingress and the workers drain
 * while NATS, Redis and PostgreSQL are still there), then what they depended on.
 */
export class ProcessStack {
  readonly #stages: { processes: ManagedProcess[]; signal: NodeJS.Signals }[] = [];
  #stopped: Promise<void> | undefined;
  readonly #stopTimeoutMs: number;
  readonly #log: (message: string) => void;

  constructor(stopTimeoutMs: number, log: (message: string) => void) {
    this.#stopTimeoutMs = stopTimeoutMs;
    this.#log = log;
  }

  get stopping(): boolean {
    return this.#stopped !== undefined;
  }

  /** Adds a stage. A process added while stopping (a start still in flight) is stopped at once. */
  push(processes: ManagedProcess[], signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.stopping) {
      for (const p of processes) void p.stop(signal, this.#stopTimeoutMs);
      return;
    }
    this.#stages.push({ processes, signal });
  }

  all(): ManagedProcess[] {
    return this.#stages.flatMap((stage) => stage.processes);
  }

  /** Stops every stage, newest first. Calling it again returns the same promise. */
  stopAll(): Promise<void> {
    this.#stopped ??= this.#stopStages();
    return this.#stopped;
  }

  async #stopStages(): Promise<void> {
    for (let stage = this.#stages.pop(); stage; stage = this.#stages.pop()) {
      const { processes, signal } = stage;
      await Promise.all(
        processes.map(async (p) => {
          if (p.exitStatus()) return;
          this.#log(`stopping ${p.name}`);
          const exit = await p.stop(signal, this.#stopTimeoutMs);
          if (exit.signal === 'SIGKILL') {
            this.#log(`${p.name} did not stop within ${this.#stopTimeoutMs} ms and was killed`);
          }
        }),
      );
    }
  }

  /** Last resort when `npm start` itself is dying: no waiting is possible any more. */
  killAll(signal: NodeJS.Signals): void {
    for (const p of this.all()) {
      if (!p.exitStatus() && p.pid !== undefined) {
        try {
          process.kill(p.pid, signal);
        } catch {
          // already gone
        }
      }
    }
  }
}
