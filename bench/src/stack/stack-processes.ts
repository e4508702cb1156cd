import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSettings } from '../bench-settings.ts';
import { chatRequestBody } from '../chat-workload.ts';
import { ensureBenchModelPrice } from './bench-model-price.ts';
import { applyMigrations, createBenchApiKey, type BenchApiKey } from './bench-api-key.ts';
import { upstreamApiKeyEnv, writeBenchGatewayConfig } from './bench-gateway-config.ts';
import { freePort } from './free-port.ts';
import { serviceNodeFlags } from '@alfred/service-process';
import { ServiceProcess } from './service-process.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const scripts = {
  fakeUpstream: join(repoRoot, 'packages/fake-upstream/src/main.ts'),
  worker: join(repoRoot, 'workers/src/main.ts'),
  ingress: join(repoRoot, 'ingress/src/main.ts'),
  ledger: join(repoRoot, 'ledger/src/main.ts'),
  natsEcho: fileURLToPath(new URL('./nats-echo-responder.ts', import.meta.url)),
};
export const readyTimeoutMs = 30_000;

/** The processes of one run, and what the load generator needs to reach them. */
export interface RunningStack {
  /** Base URL of the upstream, ending in /v1 (the fake's or BENCH_UPSTREAM_URL). */
  upstreamBaseUrl: string;
  upstreamApiKey: string | undefined;
  ingressUrl: string;
  /** A second ingress, with INGRESS_CREDITS=off, in front of the same worker. */
  ingressWithoutCreditsUrl: string;
  /** A third, with INGRESS_CREDITS=meter: usage recorded and debited, nothing reserved. */
  ingressMeteredUrl: string;
  /** Prometheus endpoints of ingress and the worker (GC pauses, provider metrics). */
  metricsUrls: { ingress: string; worker: string };
  apiKey: string;
  natsUrl: string;
  echoSubject: string;
  /** One non-streamed answer of the upstream, the size the NATS echo replies with. */
  sampleAnswer: string;
  /** Process ids of the services, by name (ingress, ingress-credits-off, worker, …). */
  pids: Record<string, number>;
  /** Throws, with the process's last output, if any service exited. */
  checkAlive(): void;
  stop(): Promise<void>;
}

/**
 * Starts the run's stack as separate processes: the fake upstream (unless an external one
 * is named), one worker of a pool of its own, ingress, and the NATS echo responder.
 * On failure everything already started is stopped again.
 */
export async function startStack(
  settings: BenchSettings,
  log: (line: string) => void,
): Promise<RunningStack> {
  const services: ServiceProcess[] = [];
  const directory = await mkdtemp(join(tmpdir(), 'alfred-bench-'));
  let key: BenchApiKey | undefined;
  const stop = async () => {
    await Promise.all([...services].reverse().map((service) => service.stop()));
    await key?.revoke().catch(() => undefined);
    await rm(directory, { recursive: true, force: true });
  };
  const start = (
    name: string,
    script: string,
    env: NodeJS.ProcessEnv,
    nodeOptions: string[] = [],
  ) => {
    const service = ServiceProcess.start(
      name,
      script,
      // The run's own config file only: a live config published on this NATS must not apply.
      { ...baseEnv(), LOG_LEVEL: 'warn', ALFRED_CONFIG_KEY: '', ...env },
      nodeOptions,
    );
    services.push(service);
    return service;
  };

  try {
    log('applying migrations and creating an API key');
    await applyMigrations(settings.databaseUrl);
    key = await createBenchApiKey(settings.databaseUrl, `bench ${new Date().toISOString()}`);
    log(await ensureBenchModelPrice(settings.databaseUrl, settings.model));

    let upstreamBaseUrl = settings.upstreamUrl;
    if (!upstreamBaseUrl) {
      const port = await freePort();
      const upstream = start('fake-upstream', scripts.fakeUpstream, {
        FAKE_UPSTREAM_PORT: String(port),
        FAKE_UPSTREAM_LATENCY_MS: '0',
        FAKE_UPSTREAM_TOKENS_PER_SECOND: '0',
      });
      await upstream.waitForLine((line) => line.includes('listening'), readyTimeoutMs);
      upstreamBaseUrl = `http://127.0.0.1:${port}/v1`;
    }
    log(`upstream ${upstreamBaseUrl}`);
    const sampleAnswer = await probeUpstream(upstreamBaseUrl, settings);

    const pool = `bench-${randomBytes(4).toString('hex')}`;
    const configPath = await writeBenchGatewayConfig(directory, {
      upstreamBaseUrl,
      model: settings.model,
      pool,
      withApiKey: settings.upstreamApiKey !== undefined,
    });
    const workerMetricsPort = await freePort();
    start(
      'worker',
      scripts.worker,
      {
        NATS_URL: settings.natsUrl,
        ALFRED_CONFIG: configPath,
        WORKER_POOL: pool,
        WORKER_CONCURRENCY: String(settings.workerConcurrency),
        WORKER_METRICS_PORT: String(workerMetricsPort),
        ...(settings.upstreamApiKey ? { [upstreamApiKeyEnv]: settings.upstreamApiKey } : {}),
      },
      measuredServiceFlags(settings, 'worker'),
    );
    // INGRESS_CREDITS, as ingress/README.md lists its values.
    const startIngress = async (name: string, credits: 'on' | 'meter' | 'off') => {
      const port = await freePort();
      start(
        name,
        scripts.ingress,
        {
          INGRESS_HOST: '127.0.0.1',
          INGRESS_PORT: String(port),
          DATABASE_URL: settings.databaseUrl,
          NATS_URL: settings.natsUrl,
          ALFRED_CONFIG: configPath,
          INGRESS_CREDITS: credits,
        },
        measuredServiceFlags(settings, name),
      );
      return `http://127.0.0.1:${port}`;
    };
    const ingressUrl = await startIngress('ingress', 'on');
    // The same gateway, in front of the same worker, for the credits comparisons: usage
    // recorded but nothing reserved, limited or settled; and no economy at all.
    const ingressMeteredUrl = await startIngress('ingress-metered', 'meter');
    const ingressWithoutCreditsUrl = await startIngress('ingress-credits-off', 'off');
    // The ledger writes the usage of priced models, as in production (not on the request path).
    start('ledger', scripts.ledger, {
      DATABASE_URL: settings.databaseUrl,
      NATS_URL: settings.natsUrl,
      LEDGER_METRICS_PORT: '0',
    });
    const echoSubject = `bench.echo.${pool}`;
    const echo = start('nats-echo', scripts.natsEcho, {
      NATS_URL: settings.natsUrl,
      BENCH_ECHO_SUBJECT: echoSubject,
      BENCH_ECHO_REPLY: sampleAnswer,
    });
    await echo.waitForLine((line) => line === 'ready', readyTimeoutMs);
    for (const url of [ingressUrl, ingressMeteredUrl, ingressWithoutCreditsUrl]) {
      await waitUntilReady(url, services);
    }
    log(`ingress ${ingressUrl}, worker pool ${pool} (concurrency ${settings.workerConcurrency})`);

    return {
      upstreamBaseUrl,
      upstreamApiKey: settings.upstreamApiKey,
      ingressUrl,
      ingressMeteredUrl,
      ingressWithoutCreditsUrl,
      metricsUrls: {
        ingress: `${ingressUrl}/metrics`,
        worker: `http://127.0.0.1:${workerMetricsPort}/metrics`,
      },
      apiKey: key.apiKey,
      natsUrl: settings.natsUrl,
      echoSubject,
      sampleAnswer,
      pids: Object.fromEntries(services.map((service) => [service.name, service.pid])),
      checkAlive: () => checkAlive(services),
      stop,
    };
  } catch (error) {
    const output = services
      .filter((service) => service.recentOutput() !== '')
      .map((service) => `--- ${service.name} (last output) ---\n${service.recentOutput()}`)
      .join('\n');
    await stop();
    throw new Error(`${(error as Error).message}${output ? `\n${output}` : ''}`, { cause: error });
  }
}

/**
 * Node options of a measured service: those it runs with everywhere, then the run's
 * BENCH_SERVICE_NODE_FLAGS, then a V8 CPU profile written when it exits, if asked for.
 */
function measuredServiceFlags(settings: BenchSettings, name: string): string[] {
  // Later flags win: BENCH_SERVICE_NODE_FLAGS can override the services' own.
  const flags = [
    ...serviceNodeFlags,
    ...(process.env.BENCH_SERVICE_NODE_FLAGS ?? '').split(' ').filter(Boolean),
  ];
  if (!settings.cpuProfileDir) return flags;
  return [
    ...flags,
    '--cpu-prof',
    `--cpu-prof-dir=${settings.cpuProfileDir}`,
    `--cpu-prof-name=${name}-\${pid}.cpuprofile`,
  ];
}

/** This process's environment without ALFRED__ overrides, which would change the run's config. */
export function baseEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('ALFRED__')),
  );
}

function checkAlive(services: ServiceProcess[]): void {
  for (const service of services) {
    if (!service.running && !service.stopping) {
      throw new Error(
        `${service.name} exited during the run; its last output:\n${service.recentOutput()}`,
      );
    }
  }
}

/** One direct request: proves the upstream answers, and gives the echo its reply size. */
async function probeUpstream(baseUrl: string, settings: BenchSettings): Promise<string> {
  const response = await fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(settings.upstreamApiKey ? { authorization: `Bearer ${settings.upstreamApiKey}` } : {}),
    },
    body: chatRequestBody(settings, false),
    signal: AbortSignal.timeout(settings.requestTimeoutMs),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`upstream probe answered ${response.status}: ${text.slice(0, 500)}`);
  return text;
}

/** Polls ingress's GET /ready until it answers 200 (its pool has a live worker). */
export async function waitUntilReady(
  ingressUrl: string,
  services: ServiceProcess[],
): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    checkAlive(services);
    try {
      const response = await fetch(`${ingressUrl}/ready`, { signal: AbortSignal.timeout(2_000) });
      last = `${response.status} ${await response.text()}`;
      if (response.status === 200) return;
    } catch (error) {
      last = String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`ingress not ready after ${readyTimeoutMs} ms (last: ${last})`);
}
