import { setTimeout as sleep } from 'node:timers/promises';
import { describeExit, formatTail, type ManagedProcess } from './managed-process.ts';
import { StartError } from './start-error.ts';

export interface WaitOptions {
  /** What is being waited for, for the error message: "ingress to answer /ready". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Processes that must stay alive meanwhile: if one exits, waiting stops with its output. */
  watched: ManagedProcess[];
}

/** Polls `check` until it returns true; throws a StartError naming the cause otherwise. */
export async function waitFor(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const dead = options.watched.find((p) => p.exitStatus());
    if (dead) throw exitedWhileWaiting(dead, options.what);
    if (await check()) return;
    if (Date.now() >= deadline) {
      const tails = options.watched.map((p) => formatTail(p, 10)).join('\n');
      throw new StartError(
        `timed out after ${options.timeoutMs} ms waiting for ${options.what}\n${tails}`,
      );
    }
    await sleep(options.intervalMs ?? 250);
  }
}

export function exitedWhileWaiting(process: ManagedProcess, what: string): StartError {
  const exit = process.exitStatus() ?? { code: null, signal: null };
  return new StartError(
    `${process.name} ${describeExit(exit)} while waiting for ${what}\n${formatTail(process)}`,
  );
}
