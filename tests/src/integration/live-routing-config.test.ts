import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { configBucket, publishGatewayConfig } from '@alfred/config';
import type { GatewayConfig } from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  spawnService,
  writeConfigFile,
  type ServiceProcess,
} from '../test-support/service-processes.ts';
import { startTestStack, type TestStack } from '../test-support/test-stack.ts';

/**
 * A worker process and ingress follow the live config published on NATS: they switch
 * deployments and learn new model names without a restart, and ignore a broken config.
 */
let stack: TestStack;
let worker: ServiceProcess;
let nc: NatsConnection;

beforeAll(async () => {
  stack = await startTestStack({ workers: 0, credits: 'off' });
  nc = await connect({ servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222' });
  worker = spawnService('worker', 'workers/src/main.ts', {
    ALFRED_CONFIG: await writeConfigFile(stack.config),
    ALFRED_CONFIG_KEY: stack.configKey,
    WORKER_POOL: stack.pool,
  });
  await until(async () => (await chat('gpt-4o-mini')).status === 200);
});

afterAll(async () => {
  await worker?.kill('SIGTERM');
  // Purge the test's key, as KV's purge does: a rollup marker that drops its history.
  const purge = headers();
  purge.set('KV-Operation', 'PURGE');
  purge.set('Nats-Rollup', 'sub');
  await nc.request(kvSubject(), '', { headers: purge, timeout: 2_000 });
  await nc.close();
  await stack?.close();
});

/** A KV put is a JetStream publish on this subject; the publisher would refuse a broken config. */
const kvSubject = () => `$KV.${configBucket}.${stack.configKey}`;

function chat(model: string) {
  return fetch(`${stack.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'which deployment?' }] }),
  });
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The stack's config with `gpt-4o-mini` served by `deployment`, plus a model `extra`. */
function configWith(deployment: string, extra: string): GatewayConfig {
  const pool = stack.pool;
  return {
    ...stack.config,
    models: [
      ...stack.config.models.filter((m) => m.name !== 'gpt-4o-mini'),
      { ...stack.config.models[0]!, name: 'gpt-4o-mini', deployments: [deployment], pool },
      { ...stack.config.models[0]!, name: extra, deployments: [deployment], pool },
    ],
  };
}

const servedBy = async (model: string) =>
  (await chat(model)).headers.get('x-alfred-deployment') ?? 'none';

describe('live routing config', () => {
  it('switches a running worker to another deployment, and keeps it through a bad config', async () => {
    expect(await servedBy('gpt-4o-mini')).toBe('fake-gpt-4o-mini');
    expect((await chat('model-v1')).status).toBe(404);

    await publishGatewayConfig(nc, configWith('fake-claude', 'model-v1'), stack.configKey);
    await until(async () => (await servedBy('gpt-4o-mini')) === 'fake-claude');
    // Ingress learned the new model name from the same publish.
    expect((await chat('model-v1')).status).toBe(200);

    // Invalid as a whole (an unknown deployment): nothing of it applies, anywhere.
    const broken = configWith('fake-gemini-flash', 'model-broken');
    broken.models.push({ ...broken.models[0]!, name: 'typo', deployments: ['no-such'] });
    await nc.request(kvSubject(), JSON.stringify(broken));
    await until(async () => worker.output().includes('gateway config rejected'));
    expect(await servedBy('gpt-4o-mini')).toBe('fake-claude');
    expect((await chat('model-broken')).status).toBe(404);

    await publishGatewayConfig(nc, configWith('fake-gemini-flash', 'model-v2'), stack.configKey);
    await until(async () => (await servedBy('gpt-4o-mini')) === 'fake-gemini-flash');
    expect((await chat('model-v2')).status).toBe(200);
    expect(worker.exited()).toBe(false);
  });

  it('refuses malformed x-alfred-tags with a 400 naming the header', async () => {
    const res = await fetch(`${stack.url}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.apiKey}`,
        'content-type': 'application/json',
        'x-alfred-tags': 'eu, not a tag',
      },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: object }).error).toMatchObject({
      type: 'invalid_request_error',
      param: 'x-alfred-tags',
      code: 'invalid_tags',
    });
  });
});
