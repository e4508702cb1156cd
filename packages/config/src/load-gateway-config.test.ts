import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, defaultConfigPath, loadGatewayConfig, parseGatewayConfig } from './index.ts';

const valid = `
providers:
  fake:
    type: openai
    baseUrl: http://127.0.0.1:\${FAKE_PORT:-8090}/v1
    apiKeyEnv: FAKE_KEY
deployments:
  - id: fake-mini
    provider: fake
    model: gpt-4o-mini
models:
  - name: gpt-4o-mini
    deployments: [fake-mini]
`;

function problemsOf(text: string, env: NodeJS.ProcessEnv = {}): readonly string[] {
  try {
    parseGatewayConfig(text, 'test.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('gateway config', () => {
  it('parses YAML with defaults and ${NAME:-default} substitution', () => {
    const config = parseGatewayConfig(valid, 'test.yaml', {});
    expect(config.providers.fake!.baseUrl).toBe('http://127.0.0.1:8090/v1');
    expect(config.models[0]).toMatchObject({ name: 'gpt-4o-mini', pool: 'default', kind: 'chat' });
    expect(config.deployments[0]!.timeouts.connectMs).toBe(5000);
    expect(
      parseGatewayConfig(valid, 'test.yaml', { FAKE_PORT: '9999' }).providers.fake!.baseUrl,
    ).toBe('http://127.0.0.1:9999/v1');
  });

  it('applies ALFRED__ overrides by path', () => {
    const config = parseGatewayConfig(valid, 'test.yaml', { ALFRED__models__0__pool: 'batch' });
    expect(config.models[0]!.pool).toBe('batch');
  });

  it('names the line of each problem', () => {
    expect(problemsOf(valid.replace('type: openai', 'type: openia'))[0]).toMatch(
      /^line 4: providers\.fake\.type: /,
    );
    expect(problemsOf(valid.replace('deployments: [fake-mini]', 'deployments: [nope]'))[0]).toMatch(
      /^line 13: models\.0\.deployments\.0: unknown deployment 'nope'/,
    );
  });

  it('reports YAML syntax errors and unset variables by line', () => {
    expect(problemsOf('providers: [')[0]).toMatch(/^line \d+: /);
    expect(problemsOf(valid.replace('${FAKE_PORT:-8090}', '${MISSING_PORT}'))[0]).toMatch(
      /^line 5: environment variable MISSING_PORT is not set/,
    );
  });

  it('rejects duplicates and unknown keys', () => {
    const dup = valid + `  - name: gpt-4o-mini\n    deployments: [fake-mini]\n`;
    expect(problemsOf(dup)[0]).toMatch(/duplicate model name/);
    expect(
      problemsOf(
        valid.replace('    model: gpt-4o-mini', '    model: gpt-4o-mini\n    modle: x'),
      )[0],
    ).toMatch(/line \d+: deployments\.0/);
  });

  it('loads files, and says when one cannot be read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'alfred-config-'));
    await writeFile(join(dir, 'c.json'), JSON.stringify(parseGatewayConfig(valid, 'x', {})));
    expect(loadGatewayConfig(join(dir, 'c.json'), {}).models).toHaveLength(1);
    expect(() => loadGatewayConfig(join(dir, 'missing.yaml'), {})).toThrow(/cannot be read/);
    expect(defaultConfigPath).toMatch(/infra\/config\/gateway\.yaml$/);
  });
});
