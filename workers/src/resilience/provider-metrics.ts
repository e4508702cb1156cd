import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CircuitState } from './deployment-circuit.ts';
import type {
  AttemptOutcome,
  DeploymentHealthObserver,
  DeploymentRef,
} from './deployment-health.ts';
import type { FailureKind } from './failure-classification.ts';

/** Gauge values of `alfred_provider_circuit_state`: higher is worse, so max() reads well. */
export const circuitStateValue: Record<CircuitState, number> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

/**
 * LLM calls take from tens of milliseconds (a cached embedding) to minutes (a long
 * completion), so the buckets run from 10 ms to 120 s, roughly doubling.
 */
export const providerLatencyBuckets = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60, 120,
];

/**
 * Prometheus metrics of upstream calls per deployment, fed by DeploymentHealth as its
 * observer (pass it as `observer`), plus `retried` from the request path's retry loop.
 */
export class ProviderMetrics implements DeploymentHealthObserver {
  readonly #requests: Counter<'deployment' | 'provider' | 'outcome'>;
  readonly #errors: Counter<'deployment' | 'provider' | 'kind'>;
  readonly #retries: Counter<'deployment' | 'provider' | 'kind'>;
  readonly #latency: Histogram<'deployment' | 'provider'>;
  readonly #circuit: Gauge<'deployment' | 'provider'>;
  readonly #inFlight: Gauge<'deployment' | 'provider'>;

  constructor(registry: Registry) {
    const labelNames = ['deployment', 'provider'] as const;
    this.#requests = new Counter({
      name: 'alfred_provider_requests_total',
      help: 'Upstream attempts that ended, by outcome (success, error, cancelled).',
      labelNames: [...labelNames, 'outcome'],
      registers: [registry],
    });
    this.#errors = new Counter({
      name: 'alfred_provider_errors_total',
      help: 'Failed upstream attempts by kind (connect, timeout, rate_limited, client_error...).',
      labelNames: [...labelNames, 'kind'],
      registers: [registry],
    });
    this.#retries = new Counter({
      name: 'alfred_provider_retries_total',
      help: 'Failed upstream attempts that were followed by another attempt, by failure kind.',
      labelNames: [...labelNames, 'kind'],
      registers: [registry],
    });
    this.#latency = new Histogram({
      name: 'alfred_provider_latency_seconds',
      help: 'Duration of successful upstream attempts.',
      labelNames,
      buckets: providerLatencyBuckets,
      registers: [registry],
    });
    this.#circuit = new Gauge({
      name: 'alfred_provider_circuit_state',
      help: 'Circuit breaker state per deployment: 0 closed, 1 half-open, 2 open.',
      labelNames,
      registers: [registry],
    });
    this.#inFlight = new Gauge({
      name: 'alfred_provider_in_flight',
      help: 'Upstream attempts in flight per deployment.',
      labelNames,
      registers: [registry],
    });
  }

  deploymentAdded(ref: DeploymentRef): void {
    const labels = labelsOf(ref);
    // Series exist from the start, so a deployment without traffic still shows up.
    this.#circuit.set(labels, circuitStateValue.closed);
    this.#inFlight.set(labels, 0);
  }

  attemptStarted(ref: DeploymentRef): void {
    this.#inFlight.inc(labelsOf(ref));
  }

  attemptEnded(ref: DeploymentRef, outcome: AttemptOutcome): void {
    const labels = labelsOf(ref);
    this.#inFlight.dec(labels);
    if (outcome.result === 'success') {
      this.#requests.inc({ ...labels, outcome: 'success' });
      this.#latency.observe(labels, outcome.latencyMs / 1000);
    } else if (outcome.result === 'abandoned' || outcome.failure.kind === 'cancelled') {
      this.#requests.inc({ ...labels, outcome: 'cancelled' });
    } else {
      this.#requests.inc({ ...labels, outcome: 'error' });
      this.#errors.inc({ ...labels, kind: outcome.failure.kind });
    }
  }

  circuitChanged(ref: DeploymentRef, state: CircuitState): void {
    this.#circuit.set(labelsOf(ref), circuitStateValue[state]);
  }

  /** The request path failed on `ref` for `kind` and is trying again (there or elsewhere). */
  retried(ref: DeploymentRef, kind: FailureKind): void {
    this.#retries.inc({ ...labelsOf(ref), kind });
  }
}

function labelsOf(ref: DeploymentRef): { deployment: string; provider: string } {
  return { deployment: ref.deployment, provider: ref.provider };
}
