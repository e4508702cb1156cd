import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayConfig } from '@alfred/contracts';

const ingressMain = fileURLToPath(new URL('../../../ingress/src/main.ts', import.meta.url));

export interface IngressProcess {
  url: string;
  pid: number;
  /** Resident memory of the process, in bytes. */
  residentBytes(): number;
  exited(): boolean;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Ingress as its own OS process (as in production), serving the pools named in `config`. */
export async function spawnIngress(config: GatewayConfig): Promise<IngressProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'alfred-ingress-'));
  const configPath = join(dir, 'gateway.json');
  await writeFile(configPath, JSON.stringify(config));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [ingressMain], {
    env: {
      ...process.env,
      ALFRED_CONFIG: configPath,
      INGRESS_PORT: String(port),
      INGRESS_PROCESS_ID: `hostile${randomBytes(4).toString('hex')}`,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`ingress exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`ingress did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: child.pid!,
    residentBytes() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    exited: () => child.exitCode !== null,
    stderr: () => stderr,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
