import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DeploymentHealth } from './deployment-health.ts';
import type { FailureClassification } from './failure-classification.ts';
import { ProviderMetrics } from './provider-metrics.ts';

const serverError: FailureClassification = {
  kind: 'server_error',
  retryable: true,
  countsAgainstDeployment: true,
  failOverOnly: false,
};

function instrumentedHealth() {
  const registry = new Registry();
  const metrics = new ProviderMetrics(registry);
  const time = { now: 0 };
  const health = new DeploymentHealth({
    observer: metrics,
    clock: () => time.now,
    circuit: { failureThreshold: 2, openMs: 1_000 },
  });
  return { registry, metrics, health, time };
}

/** The value of one series in the exposition text, e.g. `name{a="b"}`. */
async function valueOf(registry: Registry, series: string): Promise<number | undefined> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('ProviderMetrics', () => {
  it('counts attempts by outcome and errors by kind', async () => {
    const { registry, health } = instrumentedHealth();
    health.tryAcquire('d1', 'openai')!.succeeded(250);
    health.tryAcquire('d1', 'openai')!.failed(serverError);
    health.tryAcquire('d1', 'openai')!.abandoned();
    const labels = 'deployment="d1",provider="openai"';
    expect(
      await valueOf(registry, `alfred_provider_requests_total{${labels},outcome="success"}`),
    ).toBe(1);
    expect(
      await valueOf(registry, `alfred_provider_requests_total{${labels},outcome="error"}`),
    ).toBe(1);
    expect(
      await valueOf(registry, `alfred_provider_requests_total{${labels},outcome="cancelled"}`),
    ).toBe(1);
    expect(
      await valueOf(registry, `alfred_provider_errors_total{${labels},kind="server_error"}`),
    ).toBe(1);
  });

  it('observes latency of successes in seconds, in buckets from 10 ms to 120 s', async () => {
    const { registry, health } = instrumentedHealth();
    health.tryAcquire('d1', 'openai')!.succeeded(300);
    health.tryAcquire('d1', 'openai')!.succeeded(90_000);
    const labels = 'deployment="d1",provider="openai"';
    const bucket = (le: string) =>
      valueOf(registry, `alfred_provider_latency_seconds_bucket{le="${le}",${labels}}`);
    expect(await bucket('0.01')).toBe(0);
    expect(await bucket('0.5')).toBe(1);
    expect(await bucket('60')).toBe(1);
    expect(await bucket('120')).toBe(2);
    expect(await valueOf(registry, `alfred_provider_latency_seconds_sum{${labels}}`)).toBe(90.3);
  });

  it('shows the circuit state and calls in flight per deployment', async () => {
    const { registry, health, time } = instrumentedHealth();
    health.add('idle', 'ollama');
    const labels = 'deployment="d1",provider="openai"';
    const circuit = () => valueOf(registry, `alfred_provider_circuit_state{${labels}}`);
    const inFlight = health.tryAcquire('d1', 'openai')!;
    expect(await valueOf(registry, `alfred_provider_in_flight{${labels}}`)).toBe(1);
    inFlight.failed(serverError);
    expect(await valueOf(registry, `alfred_provider_in_flight{${labels}}`)).toBe(0);
    expect(await circuit()).toBe(0);
    health.tryAcquire('d1', 'openai')!.failed(serverError);
    expect(await circuit()).toBe(2);
    time.now = 1_000;
    const probe = health.tryAcquire('d1', 'openai')!;
    expect(await circuit()).toBe(1);
    probe.succeeded(10);
    expect(await circuit()).toBe(0);
    expect(
      await valueOf(registry, 'alfred_provider_circuit_state{deployment="idle",provider="ollama"}'),
    ).toBe(0);
  });

  it('counts retries by the failure that caused them', async () => {
    const { registry, metrics } = instrumentedHealth();
    metrics.retried({ deployment: 'd1', provider: 'openai' }, 'rate_limited');
    expect(
      await valueOf(
        registry,
        'alfred_provider_retries_total{deployment="d1",provider="openai",kind="rate_limited"}',
      ),
    ).toBe(1);
  });
});
