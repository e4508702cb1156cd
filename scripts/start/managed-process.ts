import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (missing binary, bad cwd). */
  error?: Error;
}

export interface ProcessOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /**
   * Where its output goes besides the in-memory tail: `terminal` passes every line through with
   * `prefix` in front (stdout to stdout, stderr to stderr); a path appends it to that log file.
   */
  output: { terminal: { prefix: string } } | { logFile: string };
  /** Run as another user (the servers that refuse to run as root). */
  uid?: number;
  gid?: number;
  /** How many of the last output lines to keep for error messages. */
  tailLines?: number;
}

/**
 * A child process `npm start` owns: its output is split into lines, the last ones kept for error
 * messages, and it can be stopped with a signal, a deadline and then SIGKILL.
 */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number | undefined;
  /** Resolves once the process has exited (or failed to start); never rejects. */
  readonly exited: Promise<ProcessExit>;
  /** The exit, once there is one. */
  exitStatus(): ProcessExit | undefined;
  lastLines(): string[];
  /** Sends `signal`, waits up to `timeoutMs`, then SIGKILL. Resolves when the process is gone. */
  stop(signal: NodeJS.Signals, timeoutMs: number): Promise<ProcessExit>;
}

export function startProcess(options: ProcessOptions): ManagedProcess {
  const tailSize = options.tailLines ?? 40;
  const tail: string[] = [];
  let exit: ProcessExit | undefined;

  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a Ctrl-C in the terminal reaches only `npm start`, which then
    // stops the children in order (services drain before the servers they use go away).
    detached: true,
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });

  const sink =
    'logFile' in options.output ? createWriteStream(options.output.logFile, { flags: 'a' }) : null;
  const prefix = 'terminal' in options.output ? options.output.terminal.prefix : '';
  const forward = (stream: Readable, terminal: Writable): void => {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      tail.push(line);
      if (tail.length > tailSize) tail.shift();
      if (sink) sink.write(`${line}\n`);
      else terminal.write(`${prefix}${line}\n`);
    });
  };
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);

  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', (error) => {
      // 'error' without a pid means spawn failed and no 'exit' will follow.
      if (child.pid === undefined) {
        exit = { code: null, signal: null, error };
        resolve(exit);
      }
    });
    // 'close' rather than 'exit': it comes after the output is read, so the tail is complete.
    child.once('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  }).then((result) => {
    sink?.end();
    return result;
  });

  return {
    name: options.name,
    pid: child.pid,
    exited,
    exitStatus: () => exit,
    lastLines: () => [...tail],
    async stop(signal, timeoutMs) {
      if (exit) return exit;
      child.kill(signal);
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs);
      });
      const outcome = await Promise.race([exited, deadline]);
      clearTimeout(timer);
      if (outcome !== 'timeout') return outcome;
      child.kill('SIGKILL');
      return exited;
    },
  };
}

/** `code 1`, `signal SIGKILL`, or why it never started. */
export function describeExit(exit: ProcessExit): string {
  if (exit.error) return `could not be started (${exit.error.message})`;
  if (exit.signal) return `was killed by ${exit.signal}`;
  return `exited with code ${exit.code}`;
}

/** The last lines of a process's output, indented, for an error message. */
export function formatTail(process: ManagedProcess, count = 20): string {
  const lines = process.lastLines().slice(-count);
  if (lines.length === 0) return `  (${process.name} printed nothing)`;
  return [`  last lines of ${process.name}:`, ...lines.map((line) => `    ${line}`)].join('\n');
}
