import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, type Endpoint } from '../endpoint.ts';
import { startProcess, type ManagedProcess } from '../managed-process.ts';
import type { ProcessStack } from '../process-stack.ts';
import { probeRedis } from '../probes.ts';
import { waitFor } from '../wait-for.ts';

/** redis-server that keeps nothing on disk, like the one CI and the development machines run. */
export async function startRedis(
  binary: string,
  endpoint: Endpoint,
  dataDir: string,
  stack: ProcessStack,
): Promise<ManagedProcess> {
  const workDir = join(dataDir, 'redis');
  mkdirSync(workDir, { recursive: true });
  const server = startProcess({
    name: 'redis-server',
    command: binary,
    args: [
      '--port',
      String(endpoint.port),
      '--bind',
      endpoint.host,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      workDir,
    ],
    cwd: workDir,
    output: { logFile: join(dataDir, 'logs', 'redis-server.log') },
  });
  stack.push([server]);
  await waitFor(async () => (await probeRedis(endpoint)) === 'ready', {
    what: `redis-server to listen on ${describe(endpoint)}`,
    timeoutMs: 15_000,
    watched: [server],
  });
  return server;
}
