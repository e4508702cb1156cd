import { DeploymentHealthSnapshotSchema } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import {
  DeploymentHealth,
  type DeploymentHealthOptions,
  type DeploymentRef,
} from './deployment-health.ts';
import type { FailureClassification, FailureKind } from './failure-classification.ts';

/** The interface routing/deployment-load.ts declares; DeploymentHealth must fit it as is. */
interface DeploymentLoad {
  inFlight(deploymentId: string): number;
  latencyEwmaMs(deploymentId: string): number | undefined;
  isAvailable(deploymentId: string): boolean;
}

const counting = { retryable: true, countsAgainstDeployment: true, failOverOnly: false };
const failures = {
  server: { kind: 'server_error', ...counting },
  timeout: { kind: 'timeout', ...counting },
  badRequest: {
    kind: 'client_error',
    retryable: false,
    countsAgainstDeployment: false,
    failOverOnly: false,
  },
  rateLimited: (retryAfterMs?: number): FailureClassification => ({
    kind: 'rate_limited',
    retryable: true,
    countsAgainstDeployment: false,
    failOverOnly: false,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  }),
} satisfies Record<string, FailureClassification | ((ms?: number) => FailureClassification)>;

function healthAt(start: number, options: DeploymentHealthOptions = {}) {
  const time = { now: start };
  const health = new DeploymentHealth({
    circuit: { failureThreshold: 2, openMs: 1_000 },
    ...options,
    clock: () => time.now,
  });
  return { health, time };
}

describe('DeploymentHealth', () => {
  it('fits the routing engine’s DeploymentLoad and knows nothing bad of a new deployment', () => {
    const load: DeploymentLoad = new DeploymentHealth();
    expect(load.isAvailable('never-seen')).toBe(true);
    expect(load.inFlight('never-seen')).toBe(0);
    expect(load.latencyEwmaMs('never-seen')).toBeUndefined();
  });

  it('forgets deployments a new config removed, and an attempt still running on one ends cleanly', () => {
    const { health } = healthAt(0);
    health.add('kept', 'openai');
    const running = health.tryAcquire('removed', 'anthropic')!;
    health.retainOnly(new Set(['kept']));
    expect(health.snapshot().map((s) => s.deployment)).toEqual(['kept']);
    running.succeeded(50);
    expect(health.snapshot().map((s) => s.deployment)).toEqual(['kept']);
    expect(health.inFlight('removed')).toBe(0);
  });

  it('counts calls in flight and releases each exactly once', () => {
    const { health } = healthAt(0);
    const first = health.tryAcquire('d1', 'openai')!;
    const second = health.begin('d1', 'openai');
    expect(health.inFlight('d1')).toBe(2);
    first.succeeded(100);
    first.succeeded(100);
    first.failed(failures.server);
    expect(health.inFlight('d1')).toBe(1);
    second.abandoned();
    second.abandoned();
    expect(health.inFlight('d1')).toBe(0);
  });

  it('smooths latency of successful calls only', () => {
    const { health } = healthAt(0, { ewmaWeight: 0.5 });
    health.tryAcquire('d1', 'p')!.succeeded(100);
    expect(health.latencyEwmaMs('d1')).toBe(100);
    health.tryAcquire('d1', 'p')!.succeeded(200);
    expect(health.latencyEwmaMs('d1')).toBe(150);
    health.tryAcquire('d1', 'p')!.failed(failures.timeout, 10_000);
    expect(health.latencyEwmaMs('d1')).toBe(150);
  });

  it('opens the circuit on deployment failures, and lets one probe through later', () => {
    const { health, time } = healthAt(0);
    health.tryAcquire('d1', 'p')!.failed(failures.server);
    health.tryAcquire('d1', 'p')!.failed(failures.timeout);
    expect(health.isAvailable('d1')).toBe(false);
    expect(health.tryAcquire('d1', 'p')).toBeUndefined();
    time.now = 1_000;
    const probe = health.tryAcquire('d1', 'p')!;
    expect(probe.probe).toBe(true);
    expect(health.isAvailable('d1')).toBe(false);
    probe.succeeded(50);
    expect(health.circuitState('d1')).toBe('closed');
    expect(health.isAvailable('d1')).toBe(true);
  });

  it('does not blame the deployment for bad requests, and frees a probe that met one', () => {
    const { health, time } = healthAt(0);
    for (let i = 0; i < 5; i++) health.tryAcquire('d1', 'p')!.failed(failures.badRequest);
    expect(health.circuitState('d1')).toBe('closed');
    expect(health.snapshot()[0]).toMatchObject({ requests: 0, errors: 0, successRate: null });

    health.tryAcquire('d1', 'p')!.failed(failures.server);
    health.tryAcquire('d1', 'p')!.failed(failures.server);
    time.now = 1_000;
    health.tryAcquire('d1', 'p')!.failed(failures.badRequest);
    expect(health.circuitState('d1')).toBe('half-open');
    expect(health.tryAcquire('d1', 'p')?.probe).toBe(true);
  });

  it('cools a rate-limited deployment down for its Retry-After without opening the circuit', () => {
    const { health, time } = healthAt(0);
    health.tryAcquire('d1', 'p')!.failed(failures.rateLimited(3_000));
    expect(health.isAvailable('d1')).toBe(false);
    expect(health.circuitState('d1')).toBe('closed');
    expect(health.snapshot()[0]).toMatchObject({ cooldownUntil: 3_000, errors: 1 });
    time.now = 3_000;
    expect(health.isAvailable('d1')).toBe(true);
  });

  it('uses the default cooldown when a 429 names no wait, and a long one for no credit', () => {
    const { health, time } = healthAt(0, { rateLimitCooldownMs: 2_000, quotaCooldownMs: 60_000 });
    health.tryAcquire('d1', 'p')!.failed(failures.rateLimited());
    health.tryAcquire('d2', 'p')!.failed({
      ...failures.rateLimited(1_000),
      kind: 'quota_exhausted' satisfies FailureKind,
      failOverOnly: true,
    });
    time.now = 2_000;
    expect(health.isAvailable('d1')).toBe(true);
    time.now = 59_999;
    expect(health.isAvailable('d2')).toBe(false);
  });

  it('reports success rate and percentiles over the sliding window only', () => {
    const { health, time } = healthAt(0, { windowMs: 10_000, bucketMs: 1_000 });
    health.tryAcquire('old', 'p')!.failed(failures.server);
    time.now = 5_000;
    for (let ms = 1; ms <= 100; ms++) health.tryAcquire('d1', 'p')!.succeeded(ms);
    health.tryAcquire('d1', 'p')!.failed(failures.timeout);
    time.now = 10_000;
    const [old, d1] = health.snapshot();
    expect(old).toMatchObject({ deployment: 'old', requests: 0, successRate: null });
    expect(d1).toMatchObject({
      deployment: 'd1',
      provider: 'p',
      circuit: 'closed',
      requests: 101,
      errors: 1,
      successRate: 100 / 101,
      latencyMs: { p50: 50, p95: 95, p99: 99 },
      inFlight: 0,
      cooldownUntil: null,
      windowMs: 10_000,
    });
    time.now = 15_000;
    expect(health.snapshot()[1]).toMatchObject({
      requests: 0,
      latencyMs: { p50: null, p95: null, p99: null },
    });
  });

  it('gives a snapshot the contracts schema accepts, with the open circuit’s end', () => {
    const { health } = healthAt(0);
    health.add('idle', 'anthropic');
    health.tryAcquire('d1', 'openai')!.failed(failures.server);
    health.tryAcquire('d1', 'openai')!.failed(failures.server);
    const snapshot = health.snapshot();
    for (const entry of snapshot) DeploymentHealthSnapshotSchema.parse(entry);
    expect(snapshot.map((s) => [s.deployment, s.circuit, s.cooldownUntil])).toEqual([
      ['idle', 'closed', null],
      ['d1', 'open', 1_000],
    ]);
  });

  it('tells its observer each deployment, attempt and circuit change', () => {
    const events: string[] = [];
    const name = (ref: DeploymentRef) => `${ref.deployment}/${ref.provider}`;
    const { health } = healthAt(0, {
      observer: {
        deploymentAdded: (ref) => events.push(`added ${name(ref)}`),
        attemptStarted: (ref) => events.push(`started ${name(ref)}`),
        attemptEnded: (ref, outcome) => events.push(`${outcome.result} ${name(ref)}`),
        circuitChanged: (ref, state, previous) =>
          events.push(`circuit ${name(ref)} ${previous}->${state}`),
      },
    });
    health.tryAcquire('d1', 'p')!.failed(failures.server);
    health.tryAcquire('d1', 'p')!.failed(failures.server);
    expect(events).toEqual([
      'added d1/p',
      'started d1/p',
      'failure d1/p',
      'started d1/p',
      'circuit d1/p closed->open',
      'failure d1/p',
    ]);
  });
});
