import {
  DeploymentConfigSchema,
  gatewayErrors,
  GatewayError,
  ProviderConfigSchema,
} from '@alfred/contracts';
import { trace } from '@opentelemetry/api';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import type { PlannedAttempt } from '../routing/route-plan.ts';
import { RetryBackoff } from '../resilience/backoff.ts';
import { DeploymentHealth } from '../resilience/deployment-health.ts';
import { runAttemptChain, type AttemptChainOptions } from './attempt-chain.ts';

function planned(id: string): PlannedAttempt {
  return {
    target: {
      provider: ProviderConfigSchema.parse({ type: 'openai', baseUrl: 'http://127.0.0.1:1/v1' }),
      deployment: DeploymentConfigSchema.parse({ id, provider: 'p', model: 'm' }),
      apiKey: undefined,
    },
    model: 'm',
    reason: 'primary',
  };
}

const serverError = () =>
  new GatewayError({
    status: 502,
    type: 'upstream_error',
    code: 'upstream_error',
    message: 'boom',
  });

function chain(overrides: Partial<AttemptChainOptions> = {}): AttemptChainOptions {
  return {
    plan: [planned('a'), planned('b')],
    health: new DeploymentHealth(),
    backoff: new RetryBackoff({ random: () => 0, baseMs: 1 }),
    metrics: undefined,
    signal: new AbortController().signal,
    deadline: Date.now() + 10_000,
    stream: false,
    committed: () => false,
    ...overrides,
  };
}

describe('runAttemptChain', () => {
  it('fails over to the next deployment when the first answers 5xx', async () => {
    const called: string[] = [];
    const { result, attempts } = await runAttemptChain(chain(), async ({ planned }) => {
      called.push(planned.target.deployment.id);
      if (planned.target.deployment.id === 'a') throw serverError();
      return 'answer';
    });
    expect(result).toBe('answer');
    expect(attempts).toBe(2);
    expect(called).toEqual(['a', 'b']);
  });

  it('gives a client error back at once: another deployment would refuse it too', async () => {
    const called: string[] = [];
    await expect(
      runAttemptChain(chain(), async ({ planned }) => {
        called.push(planned.target.deployment.id);
        throw new GatewayError({
          status: 400,
          type: 'invalid_request_error',
          code: 'invalid_value',
          message: 'bad prompt',
        });
      }),
    ).rejects.toThrow('bad prompt');
    expect(called).toEqual(['a']);
  });

  it('skips a deployment whose circuit is open while another one serves', async () => {
    const health = new DeploymentHealth();
    const called: string[] = [];
    for (let i = 0; i < 20; i++) {
      await runAttemptChain(chain({ health }), async ({ planned }) => {
        called.push(planned.target.deployment.id);
        if (planned.target.deployment.id === 'a') throw serverError();
        return 'ok';
      });
    }
    // Five failures open a's circuit; the remaining requests go straight to b.
    expect(called.filter((id) => id === 'a')).toHaveLength(5);
    expect(called.filter((id) => id === 'b')).toHaveLength(20);
    expect(health.circuitState('a')).toBe('open');
  });

  it('does not fail over once the answer has started reaching the client', async () => {
    const called: string[] = [];
    await expect(
      runAttemptChain(chain({ committed: () => true }), async ({ planned }) => {
        called.push(planned.target.deployment.id);
        throw serverError();
      }),
    ).rejects.toThrow('boom');
    expect(called).toEqual(['a']);
  });

  it('retries the last deployment after a backoff, up to the attempt limit', async () => {
    const called: string[] = [];
    await expect(
      runAttemptChain(chain({ plan: [planned('only')] }), async ({ planned }) => {
        called.push(planned.target.deployment.id);
        throw gatewayErrors.upstreamTimeout(1);
      }),
    ).rejects.toBeInstanceOf(GatewayError);
    expect(called).toEqual(['only', 'only', 'only']);
  });

  it('stops when the client goes away, without trying further', async () => {
    const client = new AbortController();
    const called: string[] = [];
    await expect(
      runAttemptChain(chain({ signal: client.signal }), async ({ planned }) => {
        called.push(planned.target.deployment.id);
        client.abort();
        throw new DOMException('aborted', 'AbortError');
      }),
    ).rejects.toThrow();
    expect(called).toEqual(['a']);
  });

  it("aborts an attempt that exceeds the deployment's total time and fails over", async () => {
    const slow = planned('slow');
    slow.target.deployment.timeouts.totalMs = 50;
    const { result } = await runAttemptChain(
      chain({ plan: [slow, planned('b')] }),
      ({ planned, signal }) =>
        planned.target.deployment.id === 'slow'
          ? new Promise((_, reject) =>
              signal.addEventListener('abort', () => reject(signal.reason), { once: true }),
            )
          : Promise.resolve('fast'),
    );
    expect(result).toBe('fast');
  });
});

describe('attempt spans', () => {
  it('makes each attempt a span naming its deployment, number and failure', async () => {
    const exporter = new InMemorySpanExporter();
    const provider = new TracerProvider({
      spanProcessors: [new SimpleSpanProcessor({ exporter })],
    });
    trace.setGlobalTracerProvider(provider);
    await runAttemptChain(chain({ requestId: 'req_spans' }), async ({ planned }) => {
      if (planned.target.deployment.id === 'a') throw serverError();
      return 'ok';
    });
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans().map((span) => span.attributes);
    expect(spans).toEqual([
      expect.objectContaining({
        'alfred.request_id': 'req_spans',
        'alfred.deployment': 'a',
        'alfred.attempt': 1,
        'alfred.failure': 'server_error',
      }),
      expect.objectContaining({ 'alfred.deployment': 'b', 'alfred.attempt': 2 }),
    ]);
    trace.disable();
  });
});
