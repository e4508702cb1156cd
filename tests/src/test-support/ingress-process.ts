import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { GatewayConfig } from '@alfred/contracts';
import { spawnService, writeConfigFile } from './service-processes.ts';

export interface IngressProcess {
  url: string;
  pid: number;
  /** Resident memory of the process, in bytes. */
  residentBytes(): number;
  exited(): boolean;
  /** What the process wrote so far. */
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
  const port = await freePort();
  const ingress = spawnService('ingress', 'ingress/src/main.ts', {
    ALFRED_CONFIG: await writeConfigFile(config),
    INGRESS_PORT: String(port),
    INGRESS_PROCESS_ID: `hostile${randomBytes(4).toString('hex')}`,
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (ingress.exited()) throw new Error(`ingress exited: ${ingress.output()}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`ingress did not start: ${ingress.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    pid: ingress.pid,
    residentBytes() {
      const status = readFileSync(`/proc/${ingress.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024;
    },
    exited: ingress.exited,
    stderr: ingress.output,
    stop: () => ingress.kill('SIGTERM'),
  };
}
