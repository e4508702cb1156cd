import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, type Endpoint } from '../endpoint.ts';
import { startProcess, type ManagedProcess } from '../managed-process.ts';
import type { ProcessStack } from '../process-stack.ts';
import { probeNats } from '../probes.ts';
import { waitFor } from '../wait-for.ts';

/** nats-server with JetStream, its store under `.data/nats`, bound to the URL's host. */
export async function startNats(
  binary: string,
  endpoint: Endpoint,
  dataDir: string,
  stack: ProcessStack,
): Promise<ManagedProcess> {
  const storeDir = join(dataDir, 'nats');
  mkdirSync(storeDir, { recursive: true });
  const server = startProcess({
    name: 'nats-server',
    command: binary,
    args: ['-js', '-sd', storeDir, '-a', endpoint.host, '-p', String(endpoint.port)],
    cwd: dataDir,
    output: { logFile: join(dataDir, 'logs', 'nats-server.log') },
  });
  stack.push([server]);
  await waitFor(async () => typeof (await probeNats(endpoint)) === 'object', {
    what: `nats-server to listen on ${describe(endpoint)}`,
    timeoutMs: 15_000,
    watched: [server],
  });
  return server;
}
