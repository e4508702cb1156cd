import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GatewayConfig } from '@alfred/contracts';
import { serviceNodeFlags } from '@alfred/service-process';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** A service as its own OS process, to be SIGKILLed like a crash would. */
export interface ServiceProcess {
  name: string;
  pid: number;
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
  /** The last few kilobytes it wrote (stdout and stderr). */
  output(): string;
}

export function spawnService(
  name: string,
  entry: string,
  env: Record<string, string>,
): ServiceProcess {
  const child: ChildProcess = spawn(process.execPath, [...serviceNodeFlags, join(repo, entry)], {
    // No live config unless a test names its own key: a config someone published on this NATS
    // under the default key must not reconfigure the tests' processes.
    env: { ...process.env, LOG_LEVEL: 'warn', ALFRED_CONFIG_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    pid: child.pid!,
    exited: () => child.exitCode !== null || child.signalCode !== null,
    output: () => output,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export async function writeConfigFile(config: GatewayConfig): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'alfred-config-')), 'gateway.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

export function spawnWorker(
  configPath: string,
  pool: string,
  concurrency = 64,
  env: Record<string, string> = {},
): ServiceProcess {
  return spawnService('worker', 'workers/src/main.ts', {
    ALFRED_CONFIG: configPath,
    WORKER_POOL: pool,
    WORKER_CONCURRENCY: String(concurrency),
    ...env,
  });
}

export function spawnLedger(): ServiceProcess {
  return spawnService('ledger', 'ledger/src/main.ts', { LEDGER_METRICS_PORT: '0' });
}
