import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchSettings } from '../bench-settings.ts';
import { writeBenchGatewayConfig } from './bench-gateway-config.ts';
import { freePort } from './free-port.ts';
import { serviceNodeFlags } from '@alfred/service-process';
import { ServiceProcess } from './service-process.ts';
import { baseEnv, readyTimeoutMs, scripts, waitUntilReady } from './stack-processes.ts';

/** The stack of the scaling phase: a slow upstream, one ingress, a pool that grows. */
export interface ScalingStack {
  ingressUrl: string;
  workerCount(): number;
  /** Starts one more worker process of the pool, as an operator would: no config change. */
  addWorker(): Promise<void>;
  stop(): Promise<void>;
}

export interface ScalingStackOptions {
  upstreamLatencyMs: number;
  workerConcurrency: number;
}

/**
 * A fake upstream answering after `upstreamLatencyMs`, an ingress, and a pool of its own
 * that starts empty: the phase adds workers one by one and measures each size.
 */
export async function startScalingStack(
  settings: BenchSettings,
  options: ScalingStackOptions,
): Promise<ScalingStack> {
  const directory = await mkdtemp(join(tmpdir(), 'alfred-bench-scaling-'));
  const services: ServiceProcess[] = [];
  const workers: ServiceProcess[] = [];
  const start = (name: string, script: string, env: NodeJS.ProcessEnv) => {
    const service = ServiceProcess.start(
      name,
      script,
      { ...baseEnv(), LOG_LEVEL: 'warn', ...env },
      [...serviceNodeFlags],
    );
    services.push(service);
    return service;
  };
  const stop = async () => {
    await Promise.all([...services].reverse().map((service) => service.stop()));
    await rm(directory, { recursive: true, force: true });
  };
  try {
    const upstreamPort = await freePort();
    const upstream = start('scaling-upstream', scripts.fakeUpstream, {
      FAKE_UPSTREAM_PORT: String(upstreamPort),
      FAKE_UPSTREAM_LATENCY_MS: String(options.upstreamLatencyMs),
      FAKE_UPSTREAM_TOKENS_PER_SECOND: '0',
    });
    await upstream.waitForLine((line) => line.includes('listening'), readyTimeoutMs);
    const pool = `bench-scaling-${randomBytes(4).toString('hex')}`;
    const configPath = await writeBenchGatewayConfig(directory, {
      upstreamBaseUrl: `http://127.0.0.1:${upstreamPort}/v1`,
      model: settings.model,
      pool,
      withApiKey: false,
    });
    const ingressPort = await freePort();
    start('scaling-ingress', scripts.ingress, {
      INGRESS_HOST: '127.0.0.1',
      INGRESS_PORT: String(ingressPort),
      DATABASE_URL: settings.databaseUrl,
      NATS_URL: settings.natsUrl,
      ALFRED_CONFIG: configPath,
    });
    const ingressUrl = `http://127.0.0.1:${ingressPort}`;
    const addWorker = async () => {
      const worker = start(`scaling-worker-${workers.length + 1}`, scripts.worker, {
        NATS_URL: settings.natsUrl,
        ALFRED_CONFIG: configPath,
        WORKER_POOL: pool,
        WORKER_CONCURRENCY: String(options.workerConcurrency),
        // At info, to see its ready line (a worker logs nothing per successful request).
        LOG_LEVEL: 'info',
      });
      workers.push(worker);
      await worker.waitForLine((line) => line.includes('worker ready'), readyTimeoutMs);
      await waitUntilReady(ingressUrl, services);
    };
    return { ingressUrl, workerCount: () => workers.length, addWorker, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
