import { describe, expect, it } from 'vitest';
import { deploymentHealthAcross } from './deployment-health.ts';
import { deploymentSnapshot } from './test-support/heartbeats.ts';

describe('deploymentHealthAcross', () => {
  it('sums counts, keeps the worst circuit and the worst percentiles, and lists each process', () => {
    const [claude, gpt] = deploymentHealthAcross([
      {
        workerId: 'a',
        pool: 'default',
        deployments: [
          deploymentSnapshot('gpt', {
            circuit: 'half-open',
            requests: 4,
            errors: 1,
            successRate: 0.75,
            inFlight: 2,
            latencyMs: { p50: 100, p95: 300, p99: 900 },
          }),
          deploymentSnapshot('claude', { provider: 'anthropic' }),
        ],
      },
      {
        workerId: 'b',
        pool: 'batch',
        deployments: [
          deploymentSnapshot('gpt', {
            requests: 6,
            successRate: 1,
            inFlight: 1,
            latencyMs: { p50: 150, p95: 200, p99: null },
          }),
        ],
      },
    ]);
    expect(claude).toMatchObject({
      deployment: 'claude',
      provider: 'anthropic',
      successRate: null,
    });
    expect(gpt).toMatchObject({
      deployment: 'gpt',
      pools: ['default', 'batch'],
      circuit: 'half-open',
      requests: 10,
      errors: 1,
      successRate: 0.9,
      inFlight: 3,
      latencyMs: { p50: 150, p95: 300, p99: 900 },
    });
    expect(gpt!.processes.map((p) => [p.workerId, p.pool, p.circuit, p.successRate])).toEqual([
      ['a', 'default', 'half-open', 0.75],
      ['b', 'batch', 'closed', 1],
    ]);
  });

  it('is empty when no process reports a deployment', () => {
    expect(deploymentHealthAcross([{ workerId: 'a', pool: 'p', deployments: [] }])).toEqual([]);
  });
});
