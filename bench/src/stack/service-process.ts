import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const outputLinesKept = 200;

/** Children still running; if this process exits without stopping them, they get SIGTERM. */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGTERM');
});

/**
 * One Node process of the benchmarked stack (ingress, worker, fake upstream, NATS echo).
 * Its output is kept (last lines) to explain a failure, never printed while all is well.
 */
export class ServiceProcess {
  readonly name: string;
  readonly #child: ChildProcess;
  readonly #output: string[] = [];
  readonly #lineListeners = new Set<(line: string) => void>();
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #stopping = false;

  /** Starts `node [...nodeOptions] <script>` with Node 24 (this process's own executable). */
  static start(
    name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    nodeOptions: string[] = [],
  ): ServiceProcess {
    const child = spawn(process.execPath, [...nodeOptions, script], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const service = new ServiceProcess(name, child);
    // For reading a service's own traces (e.g. BENCH_SERVICE_NODE_FLAGS=--trace-gc-nvp) after a run.
    const outputDir = process.env.BENCH_SERVICE_OUTPUT_DIR;
    if (outputDir) {
      const file = createWriteStream(join(outputDir, `${name}-${child.pid}.log`));
      service.#lineListeners.add((line) => file.write(`${line}\n`));
      void service.exited.then(() => file.end());
    }
    return service;
  }

  constructor(name: string, child: ChildProcess) {
    this.name = name;
    this.#child = child;
    for (const stream of [child.stdout, child.stderr]) {
      if (!stream) continue;
      createInterface({ input: stream }).on('line', (line) => {
        this.#output.push(line);
        if (this.#output.length > outputLinesKept) this.#output.shift();
        for (const listener of this.#lineListeners) listener(line);
      });
    }
    liveChildren.add(child);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        liveChildren.delete(child);
        resolve({ code, signal });
      });
      child.once('error', (error) => {
        this.#output.push(`spawn failed: ${error.message}`);
        resolve({ code: -1, signal: null });
      });
    });
  }

  get pid(): number {
    const pid = this.#child.pid;
    if (pid === undefined) throw new Error(`${this.name} has no pid (it did not start)`);
    return pid;
  }

  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  /** True once stop() was called: an exit after that is expected. */
  get stopping(): boolean {
    return this.#stopping;
  }

  /** The last lines it wrote to stdout and stderr. */
  recentOutput(lines = 40): string {
    return this.#output.slice(-lines).join('\n');
  }

  /**
   * Resolves on the first output line `matches` accepts, including one printed before the
   * call (a process started alongside another may be ready before anyone waits for it);
   * rejects if the process exits first.
   */
  waitForLine(matches: (line: string) => boolean, timeoutMs: number): Promise<void> {
    if (this.#output.some(matches)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => finish(new Error(`${this.name} did not get ready within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const listener = (line: string) => {
        if (matches(line)) finish();
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.#lineListeners.delete(listener);
        if (error) reject(error);
        else resolve();
      };
      this.#lineListeners.add(listener);
      void this.exited.then(({ code, signal }) =>
        finish(new Error(`${this.name} exited (code ${code}, signal ${signal})`)),
      );
    });
  }

  /** SIGTERM, then SIGKILL if it has not exited within `timeoutMs`. */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.#stopping = true;
    if (!this.running) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
  }
}
