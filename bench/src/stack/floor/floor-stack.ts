import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DiscardPolicy, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { serviceNodeFlags } from '@alfred/service-process';
import type { BenchSettings } from '../../bench-settings.ts';
import { freePort } from '../free-port.ts';
import { ServiceProcess } from '../service-process.ts';
import { baseEnv, readyTimeoutMs } from '../stack-processes.ts';

const scripts = {
  ingress: fileURLToPath(new URL('./floor-ingress.ts', import.meta.url)),
  worker: fileURLToPath(new URL('./floor-worker.ts', import.meta.url)),
};

/** The two processes of the gateway's bare shape, in front of the run's upstream. */
export interface FloorStack {
  url: string;
  pids: { 'floor-ingress': number; 'floor-worker': number };
  checkAlive(): void;
  stop(): Promise<void>;
}

/**
 * Starts floor-ingress and floor-worker (same Node flags as the services) and a JetStream
 * stream of their own for the worker's usage events: file storage like the usage stream,
 * bounded, removed again at the end.
 */
export async function startFloorStack(
  settings: BenchSettings,
  upstreamBaseUrl: string,
): Promise<FloorStack> {
  const id = randomBytes(4).toString('hex');
  const subject = `bench.floor.${id}`;
  const streamName = `ALFRED_BENCH_FLOOR_${id}`;
  const nc = await connect({ servers: settings.natsUrl, name: 'bench-floor-setup' });
  const jsm = await jetstreamManager(nc);
  await jsm.streams.add({
    name: streamName,
    subjects: [`${subject}.usage`],
    storage: StorageType.File,
    max_msgs: 100_000,
    discard: DiscardPolicy.Old,
  });
  const services: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(services.map((service) => service.stop()));
    await jsm.streams.delete(streamName).catch(() => false);
    await nc.close();
  };
  try {
    const env = { ...baseEnv(), NATS_URL: settings.natsUrl, FLOOR_SUBJECT: subject };
    const worker = ServiceProcess.start(
      'floor-worker',
      scripts.worker,
      {
        ...env,
        FLOOR_USAGE_SUBJECT: `${subject}.usage`,
        FLOOR_UPSTREAM_URL: `${upstreamBaseUrl}/chat/completions`,
      },
      [...serviceNodeFlags],
    );
    services.push(worker);
    const port = await freePort();
    const ingress = ServiceProcess.start(
      'floor-ingress',
      scripts.ingress,
      { ...env, FLOOR_PORT: String(port) },
      [...serviceNodeFlags],
    );
    services.push(ingress);
    await worker.waitForLine((line) => line === 'ready', readyTimeoutMs);
    await ingress.waitForLine((line) => line === 'listening', readyTimeoutMs);
    return {
      url: `http://127.0.0.1:${port}`,
      pids: { 'floor-ingress': ingress.pid, 'floor-worker': worker.pid },
      checkAlive: () => {
        for (const service of services) {
          if (!service.running)
            throw new Error(`${service.name} exited:\n${service.recentOutput()}`);
        }
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
