import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A service as its own OS process whose every output line is kept (service-processes.ts
 * keeps only the last few kilobytes): a test about what gets logged must see all of it.
 */
export interface CapturedService {
  name: string;
  /** Every line written so far, stdout and stderr. */
  lines(): string[];
  /** Resolves with the first line matching `pattern` (fails when the process exits first). */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export function spawnCaptured(
  name: string,
  entry: string,
  env: Record<string, string>,
): CapturedService {
  const child = spawn(process.execPath, [join(repo, entry)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const keep = (stream: NodeJS.ReadableStream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (data: string) => {
      const parts = (partial + data).split('\n');
      partial = parts.pop()!;
      lines.push(...parts.filter((line) => line !== ''));
      for (const wake of waiters) wake();
    });
    stream.on('end', () => {
      if (partial) lines.push(partial);
    });
  };
  keep(child.stdout);
  keep(child.stderr);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;

  return {
    name,
    lines: () => lines,
    waitForLine(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const line = lines.find((candidate) => pattern.test(candidate));
          if (line !== undefined) {
            finish();
            resolve(line);
          } else if (!running()) {
            finish();
            reject(new Error(`${name} exited before logging ${pattern}:\n${lines.join('\n')}`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${name} did not log ${pattern}:\n${lines.join('\n')}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void exited.then(check);
        check();
      });
    },
    async stop() {
      if (running()) child.kill('SIGTERM');
      await exited;
    },
  };
}
