import { randomBytes, randomUUID } from 'node:crypto';
import { ensureWallet, topUp } from '@alfred/accounting';
import { GatewayConfigSchema } from '@alfred/contracts';
import {
  createApiKey,
  createDatabasePool,
  databaseUrlFromEnv,
  ensureOrganization,
} from '@alfred/database';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeConfigFile } from '../test-support/service-processes.ts';
import { spawnCaptured, type CapturedService } from './captured-service.ts';
import { startEchoingUpstream } from './echo-upstream.ts';
import { failingRequestValues, piiPrompts } from './pii-prompt-corpus.ts';
import { chatBody, failingRequests, needlesOf, type PiiRequest } from './pii-requests.ts';

/**
 * Issue 4's acceptance: a corpus of prompts full of PII goes through the real stack (fake
 * provider, worker, ingress and ledger as their own processes, all at LOG_LEVEL=debug),
 * along with requests that fail in every way that might log request data. Not one PII
 * value may appear in any line any process wrote.
 */

const services: CapturedService[] = [];
let echoing: Awaited<ReturnType<typeof startEchoingUpstream>>;
let ingressUrl: string;
let apiKey: string;

function start(name: string, entry: string, env: Record<string, string>): CapturedService {
  const service = spawnCaptured(name, entry, { LOG_LEVEL: 'debug', ...env });
  services.push(service);
  return service;
}

async function startFake(env: Record<string, string> = {}): Promise<string> {
  const fake = start('fake-upstream', 'packages/fake-upstream/src/main.ts', {
    FAKE_UPSTREAM_PORT: '0',
    ...env,
  });
  return (JSON.parse(await fake.waitForLine(/fake upstream listening/)) as { url: string }).url;
}

beforeAll(async () => {
  const pool = `pii${randomBytes(5).toString('hex')}`;
  const [fakeUrl, failingUrl] = await Promise.all([
    startFake(),
    startFake({ FAKE_UPSTREAM_FAIL: '500' }),
  ]);
  echoing = await startEchoingUpstream();
  const config = GatewayConfigSchema.parse({
    providers: {
      fake: { type: 'openai', baseUrl: `${fakeUrl}/v1` },
      'fake-anthropic': {
        type: 'anthropic',
        baseUrl: `${fakeUrl}/v1`,
        apiKeyEnv: 'FAKE_ANTHROPIC_KEY',
      },
      failing: { type: 'openai', baseUrl: `${failingUrl}/v1` },
      echoing: { type: 'openai', baseUrl: `${echoing.url}/v1` },
    },
    deployments: [
      { id: 'fake-chat', provider: 'fake', model: 'gpt-4o-mini' },
      { id: 'fake-embedding', provider: 'fake', model: 'text-embedding-3-small' },
      { id: 'fake-claude', provider: 'fake-anthropic', model: 'claude-sonnet-4-5' },
      { id: 'failing-chat', provider: 'failing', model: 'gpt-4o-mini' },
      { id: 'echoing-chat', provider: 'echoing', model: 'gpt-4o-mini' },
    ],
    models: [
      { name: 'gpt-4o-mini', deployments: ['fake-chat'], pool },
      { name: 'claude-sonnet', deployments: ['fake-claude'], pool },
      { name: 'text-embedding-3-small', kind: 'embeddings', deployments: ['fake-embedding'], pool },
      { name: 'failing-model', deployments: ['failing-chat'], pool },
      { name: 'echoing-model', deployments: ['echoing-chat'], pool },
    ],
  });
  const configPath = await writeConfigFile(config);

  const worker = start('worker', 'workers/src/main.ts', {
    ALFRED_CONFIG: configPath,
    WORKER_POOL: pool,
    FAKE_ANTHROPIC_KEY: 'fake-anthropic-key',
  });
  const ledger = start('ledger', 'ledger/src/main.ts', { LEDGER_METRICS_PORT: '0' });
  const ingress = start('ingress', 'ingress/src/main.ts', {
    ALFRED_CONFIG: configPath,
    INGRESS_PORT: '0',
    INGRESS_PROCESS_ID: `pii${randomBytes(4).toString('hex')}`,
  });
  const listening = await ingress.waitForLine(/ingress listening/);
  ingressUrl = (JSON.parse(listening) as { url: string }).url;
  await Promise.all([worker.waitForLine(/worker ready/), ledger.waitForLine(/ledger ready/)]);

  const database = await createDatabasePool(databaseUrlFromEnv(), { maximumPoolSize: 1 });
  try {
    const orgId = await ensureOrganization(
      database,
      `pii-${randomUUID()}`,
      'pii test organization',
    );
    ({ apiKey } = await createApiKey(database, { orgId, name: 'pii test key' }));
    const wallet = await ensureWallet(database, { orgId });
    await topUp(database, {
      id: randomUUID(),
      accountId: wallet,
      amountMicros: 1e9,
      memo: 'pii test',
    });
  } finally {
    await database.end();
  }
}, 90_000);

afterAll(async () => {
  await Promise.all(services.map((service) => service.stop()));
  await echoing?.close();
});

async function send(request: Omit<PiiRequest, 'name' | 'status'>) {
  const response = await fetch(`${ingressUrl}${request.path}`, {
    method: request.method ?? 'POST',
    headers: {
      authorization: `Bearer ${request.key ?? apiKey}`,
      'content-type': 'application/json',
    },
    body:
      request.body === null || typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body),
  });
  return { status: response.status, text: await response.text() };
}

describe('PII in logs', () => {
  it('no PII value of the corpus reaches any log line, at debug level, on success and error paths', async () => {
    const chat = '/v1/chat/completions';
    for (let i = 0; i < piiPrompts.length; i += 8) {
      const batch = piiPrompts
        .slice(i, i + 8)
        .map((_p, j) => send({ path: chat, body: chatBody(i + j) }));
      for (const result of await Promise.all(batch)) expect(result.status, result.text).toBe(200);
    }
    for (const request of failingRequests) {
      const result = await send(request);
      expect(result.status, `${request.name}: ${result.text}`).toBe(request.status);
    }
    // The echoing provider really did put the prompt in the error the worker handled.
    const echoed = await send({
      path: chat,
      body: {
        model: 'echoing-model',
        messages: [{ role: 'user', content: failingRequestValues.email }],
      },
    });
    expect(echoed.text).toContain(failingRequestValues.email);

    // Stopping flushes every process's last lines (and logs the stop itself).
    await new Promise((resolve) => setTimeout(resolve, 500));
    await Promise.all(services.map((service) => service.stop()));

    const logs = services.flatMap((service) =>
      service.lines().map((line) => ({ service: service.name, line })),
    );
    const ingressLines = logs.filter((log) => log.service === 'ingress').map((log) => log.line);
    // The test can fail: debug lines carrying the request bodies were written, with the
    // PII in them replaced by placeholders of every kind.
    const bodyLines = ingressLines.filter((line) => line.includes('"msg":"request body"'));
    expect(bodyLines.length).toBeGreaterThanOrEqual(piiPrompts.length);
    expect(bodyLines.every((line) => line.includes('"level":"debug"'))).toBe(true);
    for (const placeholder of [
      '[EMAIL]',
      '[PHONE]',
      '[CARD]',
      '[IBAN]',
      '[NATIONAL_ID]',
      '[SECRET]',
    ]) {
      expect(
        bodyLines.some((line) => line.includes(placeholder)),
        placeholder,
      ).toBe(true);
    }
    for (const name of ['worker', 'ledger', 'fake-upstream']) {
      expect(
        logs.some((log) => log.service === name),
        `${name} wrote nothing`,
      ).toBe(true);
    }

    const values = [
      ...piiPrompts.flatMap((prompt) => prompt.values),
      ...Object.values(failingRequestValues),
    ];
    const needles = values.flatMap(needlesOf);
    const leaks = logs.flatMap(({ service, line }) =>
      needles
        .filter((needle) => line.includes(needle))
        .map((needle) => `${service}: ${needle} in ${line.slice(0, 400)}`),
    );
    expect(leaks).toEqual([]);
  });
});
