import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { connect } from '@nats-io/transport-node';
import { Kvm } from '@nats-io/kv';
import { describe, expect, it } from 'vitest';
import { configBucket } from './index.ts';

const cli = fileURLToPath(new URL('./publish-config-cli.ts', import.meta.url));
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';

const valid = `
providers:
  fake: { type: openai, baseUrl: 'http://127.0.0.1:8090/v1' }
deployments:
  - { id: fake-mini, provider: fake, model: gpt-4o-mini, weight: 2, tags: [eu] }
models:
  - name: gpt-4o-mini
    deployments: [fake-mini]
    routing: { strategy: weighted }
`;

async function publish(text: string, key: string) {
  const dir = await mkdtemp(join(tmpdir(), 'alfred-publish-'));
  await writeFile(join(dir, 'gateway.yaml'), text);
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [cli, join(dir, 'gateway.yaml')],
      {
        env: { ...process.env, NATS_URL: natsUrl, ALFRED_CONFIG_KEY: key },
      },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, output: failed.stderr };
  }
}

describe('npm run config:publish', () => {
  it('publishes a valid file, and refuses an invalid one with its problems by line', async () => {
    const key = `test-${randomBytes(6).toString('hex')}`;
    const nc = await connect({ servers: natsUrl });
    const kv = await new Kvm(nc).create(configBucket, { history: 10 });
    try {
      const good = await publish(valid, key);
      expect(good.code).toBe(0);
      expect(good.output).toMatch(/\(revision \d+\): 1 models, 1 deployments/);
      const stored = (await kv.get(key))!;
      expect(stored.json()).toMatchObject({ models: [{ routing: { strategy: 'weighted' } }] });

      const bad = await publish(
        valid.replace('[fake-mini]\n', '[fake-mini]\n    fallbacks: [gpt-5]\n'),
        key,
      );
      expect(bad.code).toBe(1);
      expect(bad.output).toMatch(/line 9: models\.0\.fallbacks\.0: unknown model 'gpt-5'/);
      expect(bad.output).toMatch(/Nothing was published/);
      expect((await kv.get(key))!.revision).toBe(stored.revision);
    } finally {
      await kv.purge(key);
      await nc.close();
    }
  });
});
