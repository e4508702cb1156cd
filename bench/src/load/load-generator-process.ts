import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type {
  LoadGeneratorCommand,
  LoadGeneratorMessage,
  LoadJob,
  LoadResult,
} from './load-job.ts';

const script = fileURLToPath(new URL('./load-generator.ts', import.meta.url));

/** The parent's handle on the load-generator child process: one job at a time. */
export class LoadGeneratorProcess {
  readonly #child: ChildProcess;
  #waiting: { resolve: (result: LoadResult) => void; reject: (error: Error) => void } | undefined;
  readonly #exited: Promise<void>;

  static async start(): Promise<LoadGeneratorProcess> {
    const child = fork(script, [], {
      execPath: process.execPath,
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (message: LoadGeneratorMessage) =>
        message.type === 'ready'
          ? resolve()
          : reject(new Error(`load generator: unexpected ${message.type}`)),
      );
      child.once('exit', (code) =>
        reject(new Error(`load generator exited with code ${code} before it was ready`)),
      );
    });
    return new LoadGeneratorProcess(child);
  }

  constructor(child: ChildProcess) {
    this.#child = child;
    this.#exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: LoadGeneratorMessage) => {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (!waiting) return;
      if (message.type === 'result') waiting.resolve(message.result);
      else if (message.type === 'failed')
        waiting.reject(new Error(`load generator: ${message.message}`));
    });
    child.once('exit', (code, signal) => {
      this.#waiting?.reject(
        new Error(`load generator exited (code ${code}, signal ${signal}) during a job`),
      );
      this.#waiting = undefined;
    });
  }

  get pid(): number {
    return this.#child.pid!;
  }

  run(job: LoadJob): Promise<LoadResult> {
    if (this.#waiting) return Promise.reject(new Error('load generator is already running a job'));
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#send({ type: 'run', job });
    });
  }

  async stop(timeoutMs = 5_000): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    if (this.#child.connected) this.#send({ type: 'close' });
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), timeoutMs);
    await this.#exited;
    clearTimeout(timer);
  }

  #send(command: LoadGeneratorCommand): void {
    this.#child.send(command);
  }
}
