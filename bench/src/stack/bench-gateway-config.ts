import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The model name of the cached twin of the bench's model. */
export function cachedModelName(model: string): string {
  return `${model}-cached`;
}

/** Environment variable through which the worker gets the external upstream's key. */
export const upstreamApiKeyEnv = 'BENCH_UPSTREAM_API_KEY';

export interface BenchGatewayConfig {
  /** Base URL of the upstream, ending in /v1. */
  upstreamBaseUrl: string;
  /** Model name at the upstream, and the name clients send. */
  model: string;
  pool: string;
  withApiKey: boolean;
}

/**
 * Writes the gateway config of a run: one OpenAI-type provider (the upstream), one
 * deployment, one chat model served by the bench's own pool, so the bench's worker is
 * the only one that can take its requests even if other workers share the NATS server.
 */
export async function writeBenchGatewayConfig(
  directory: string,
  config: BenchGatewayConfig,
): Promise<string> {
  const path = join(directory, 'gateway.yaml');
  const yaml = [
    '# Written by bench/src/stack/bench-gateway-config.ts for one benchmark run.',
    'providers:',
    '  bench-upstream:',
    '    type: openai',
    `    baseUrl: ${JSON.stringify(config.upstreamBaseUrl)}`,
    ...(config.withApiKey ? [`    apiKeyEnv: ${upstreamApiKeyEnv}`] : []),
    '    connections: 512',
    'deployments:',
    '  - id: bench-deployment',
    '    provider: bench-upstream',
    `    model: ${JSON.stringify(config.model)}`,
    'models:',
    `  - name: ${JSON.stringify(config.model)}`,
    '    kind: chat',
    '    deployments: [bench-deployment]',
    `    pool: ${config.pool}`,
    // The same deployment behind the exact cache: after the first answer, every one is a hit.
    `  - name: ${JSON.stringify(cachedModelName(config.model))}`,
    '    kind: chat',
    '    deployments: [bench-deployment]',
    `    pool: ${config.pool}`,
    '    cache:',
    '      exact: { enabled: true }',
    '',
  ].join('\n');
  await writeFile(path, yaml);
  return path;
}
