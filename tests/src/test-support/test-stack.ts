import { randomBytes, randomUUID } from 'node:crypto';
import {
  GatewayConfigSchema,
  type GatewayConfig,
  type GatewayConfigInput,
} from '@alfred/contracts';
import {
  createApiKey,
  createDatabasePool,
  databaseUrlFromEnv,
  ensureOrganization,
  type DatabasePool,
} from '@alfred/database';
import { startFakeUpstream } from '@alfred/fake-upstream';
import {
  ingressSettingsFromEnv,
  startIngress,
  type CreditsMode,
  type Ingress,
} from '@alfred/ingress';
import { createLogger } from '@alfred/telemetry';
import { ensureWallet, topUp } from '@alfred/accounting';
import {
  openBillingOutlets,
  PoolWorker,
  workerSettingsFromEnv,
  type WorkerBilling,
} from '@alfred/workers';

export type FakeUpstream = Awaited<ReturnType<typeof startFakeUpstream>>;

export interface TestStack {
  /** Base URL of ingress, e.g. http://127.0.0.1:41234 */
  url: string;
  apiKey: string;
  orgId: string;
  pool: string;
  /** Its own live-config key (publish there to reconfigure this stack only). */
  configKey: string;
  upstream: FakeUpstream;
  ingress: Ingress;
  workers: PoolWorker[];
  database: DatabasePool;
  config: GatewayConfig;
  /** The organization's wallet, topped up with `credits` at start. */
  walletAccountId: string;
  /** Adds one more worker process of the pool (in-process). */
  addWorker(concurrency?: number): Promise<PoolWorker>;
  close(): Promise<void>;
}

export interface TestStackOptions {
  workers?: number;
  workerConcurrency?: number;
  upstreamTimeoutMs?: number;
  /** Ingress's INGRESS_WORKER_LOST_AFTER_MS (default: its own default). */
  workerLostAfterMs?: number;
  /** Micro-credits put in the organization's wallet at start (default 1,000 credits). */
  creditsMicros?: number;
  /** Extra environment for the workers' settings (WORKER_CIRCUIT_OPEN_MS, …). */
  workerEnv?: Record<string, string>;
  /** ingress's PostgreSQL (default: DATABASE_URL), e.g. through a TcpFaultProxy. */
  ingressDatabaseUrl?: string;
  /** Ingress's INGRESS_CREDITS (default on: reservations, budgets, rate limits). */
  credits?: CreditsMode;
  /** Extra config on top of the standard test models. */
  configure?: (config: GatewayConfigInput) => GatewayConfigInput;
}

const quiet = () => createLogger('test', { level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/**
 * The whole synchronous path in one process, against the real NATS and PostgreSQL:
 * fake upstream → worker(s) → ingress, with a fresh organization and API key. Each
 * stack uses its own pool name, so test files running in parallel never share work.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const pool = `t${randomBytes(5).toString('hex')}`;
  const configKey = `test-${pool}`;
  const upstream = await startFakeUpstream({ port: 0 });
  const base: GatewayConfigInput = {
    providers: {
      'fake-openai': { type: 'openai', baseUrl: `${upstream.url}/v1` },
      'fake-anthropic': {
        type: 'anthropic',
        baseUrl: `${upstream.url}/v1`,
        apiKeyEnv: 'FAKE_ANTHROPIC_KEY',
      },
      'fake-gemini': {
        type: 'gemini',
        baseUrl: `${upstream.url}/v1beta`,
        apiKeyEnv: 'FAKE_GEMINI_KEY',
      },
    },
    deployments: [
      { id: 'fake-gpt-4o-mini', provider: 'fake-openai', model: 'gpt-4o-mini' },
      { id: 'fake-embedding', provider: 'fake-openai', model: 'text-embedding-3-small' },
      { id: 'fake-claude', provider: 'fake-anthropic', model: 'claude-sonnet-4-5' },
      { id: 'fake-gemini-flash', provider: 'fake-gemini', model: 'gemini-2.5-flash' },
    ],
    models: [
      { name: 'gpt-4o-mini', deployments: ['fake-gpt-4o-mini'], pool },
      { name: 'text-embedding-3-small', kind: 'embeddings', deployments: ['fake-embedding'], pool },
      { name: 'claude-sonnet', deployments: ['fake-claude'], pool },
      { name: 'gemini-flash', deployments: ['fake-gemini-flash'], pool },
    ],
  };
  const config = GatewayConfigSchema.parse(options.configure ? options.configure(base) : base);
  const env = { ...process.env, WORKER_POOL: pool, ...options.workerEnv };

  const workers: PoolWorker[] = [];
  const billings: WorkerBilling[] = [];
  const addWorker = async (concurrency = options.workerConcurrency ?? 64) => {
    const settings = workerSettingsFromEnv(env);
    const billing = openBillingOutlets(settings.redisUrl, quiet(), settings.settlementWindowMs);
    billings.push(billing);
    const worker = await PoolWorker.start(
      { ...settings, concurrency, configKey, workerId: `w${randomBytes(5).toString('hex')}` },
      config,
      quiet(),
      billing.outlets,
    );
    workers.push(worker);
    return worker;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) await addWorker();

  const ingress = await startIngress(
    {
      ...ingressSettingsFromEnv(env),
      port: 0,
      processId: `i${randomBytes(5).toString('hex')}`,
      upstreamTimeoutMs: options.upstreamTimeoutMs ?? 30_000,
      ...(options.workerLostAfterMs !== undefined
        ? { workerLostAfterMs: options.workerLostAfterMs }
        : {}),
      credits: options.credits ?? 'on',
      configKey,
      ...(options.ingressDatabaseUrl ? { databaseUrl: options.ingressDatabaseUrl } : {}),
    },
    config,
    quiet(),
  );
  const database = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 2 });
  const orgId = await ensureOrganization(database, `test-${randomUUID()}`, 'test organization');
  const { apiKey } = await createApiKey(database, { orgId, name: 'test key' });
  const walletAccountId = await ensureWallet(database, { orgId });
  await topUp(database, {
    id: randomUUID(),
    accountId: walletAccountId,
    amountMicros: options.creditsMicros ?? 1_000_000_000,
    memo: 'test stack',
  });

  return {
    url: ingress.url,
    apiKey,
    orgId,
    pool,
    upstream,
    ingress,
    workers,
    database,
    config,
    walletAccountId,
    configKey,
    addWorker,
    async close() {
      await ingress.close();
      await Promise.all(workers.map((w) => w.drain()));
      await Promise.all(billings.map((b) => b.close()));
      await upstream.close();
      await database.end();
    },
  };
}
