import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { GatewayConfig, GatewayConfigInput } from '@alfred/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kvm } from '@nats-io/kv';
import { configBucket, ConfigError, publishGatewayConfig, watchGatewayConfig } from './index.ts';

const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

function configServing(model: string): GatewayConfigInput {
  return {
    providers: { fake: { type: 'openai', baseUrl: 'http://127.0.0.1:8090/v1' } },
    deployments: [{ id: 'fake', provider: 'fake', model }],
    models: [{ name: model, deployments: ['fake'] }],
  };
}

/** Collects what a watcher is told, and waits for the nth event. */
function recorder() {
  const events: { config?: GatewayConfig; problems?: readonly string[]; revision: number }[] = [];
  const waiters: (() => void)[] = [];
  const push = (event: (typeof events)[number]) => {
    events.push(event);
    for (const wake of waiters.splice(0)) wake();
  };
  return {
    events,
    onConfig: (config: GatewayConfig, revision: number) => push({ config, revision }),
    onRejected: (problems: readonly string[], revision: number) => push({ problems, revision }),
    async count(n: number) {
      const deadline = Date.now() + 5_000;
      while (events.length < n) {
        if (Date.now() > deadline) throw new Error(`only ${events.length} of ${n} events`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return events;
    },
  };
}

let nc: NatsConnection;
beforeAll(async () => {
  nc = await connect({ servers: natsUrl });
});
const keys: string[] = [];
afterAll(async () => {
  const kv = await new Kvm(nc).open(configBucket);
  for (const key of keys) await kv.purge(key);
  await nc.close();
});

function uniqueKey(): string {
  const key = `test-${randomBytes(6).toString('hex')}`;
  keys.push(key);
  return key;
}

describe('live gateway config over NATS KV', () => {
  it('applies each valid config, rejects an invalid one whole and keeps the previous', async () => {
    const key = uniqueKey();
    const seen = recorder();
    const watch = await watchGatewayConfig(nc, { key, ...seen });
    expect(seen.events).toEqual([]); // nothing published yet: the file config stays

    const v1 = await publishGatewayConfig(nc, configServing('model-v1'), key);
    await seen.count(1);
    expect(seen.events[0]).toMatchObject({ revision: v1 });
    expect(seen.events[0]!.config!.models[0]!.name).toBe('model-v1');

    // A document that is not a valid config (written around the publisher, which would refuse it).
    const kv = await new Kvm(nc).open(configBucket);
    const broken = {
      ...configServing('model-bad'),
      models: [{ name: 'x', deployments: ['nope'] }],
    };
    await kv.put(key, JSON.stringify(broken));
    await kv.put(key, '{ not json');
    await seen.count(3);
    expect(seen.events[1]!.problems).toEqual(["models.0.deployments.0: unknown deployment 'nope'"]);
    expect(seen.events[2]!.problems![0]).toMatch(/^not JSON: /);

    await publishGatewayConfig(nc, configServing('model-v2'), key);
    await seen.count(4);
    expect(seen.events[3]!.config!.models[0]!.name).toBe('model-v2');
    expect(seen.events.filter((e) => e.config)).toHaveLength(2);
    watch.stop();
  });

  it('gives a watcher that starts later the latest config before it resolves', async () => {
    const key = uniqueKey();
    await publishGatewayConfig(nc, configServing('model-v1'), key);
    await publishGatewayConfig(nc, configServing('model-v2'), key);
    const seen = recorder();
    const watch = await watchGatewayConfig(nc, { key, ...seen });
    expect(seen.events.map((e) => e.config?.models[0]!.name)).toEqual(['model-v2']);
    // And it keeps following.
    await publishGatewayConfig(nc, configServing('model-v3'), key);
    await seen.count(2);
    expect(seen.events[1]!.config!.models[0]!.name).toBe('model-v3');
    watch.stop();
  });

  it('rejects a config whose apply step throws, as if it were invalid', async () => {
    const key = uniqueKey();
    const problems: (readonly string[])[] = [];
    await publishGatewayConfig(nc, configServing('model-v1'), key);
    const watch = await watchGatewayConfig(nc, {
      key,
      onConfig: () => {
        throw new Error('no room for it');
      },
      onRejected: (p) => problems.push(p),
    });
    expect(problems).toEqual([['could not be applied: no room for it']]);
    watch.stop();
  });

  it('refuses to publish an invalid config, with every problem', async () => {
    const key = uniqueKey();
    const bad = {
      ...configServing('m'),
      models: [{ name: 'm', deployments: ['fake'], fallbacks: ['m'] }],
    };
    const error = await publishGatewayConfig(nc, bad, key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      "models.0.fallbacks.0: model 'm' cannot fall back to itself",
    ]);
    const kv = await new Kvm(nc).open(configBucket);
    expect(await kv.get(key)).toBeNull();
  });
});
