import type { DeploymentHealthSnapshot } from '@alfred/contracts';
import {
  DeploymentCircuit,
  type CircuitPermit,
  type CircuitPolicy,
  type CircuitState,
} from './deployment-circuit.ts';
import type { FailureClassification } from './failure-classification.ts';
import { LatencyWindow } from './latency-window.ts';
import { OutcomeWindow } from './outcome-window.ts';

export interface DeploymentRef {
  deployment: string;
  provider: string;
}

/** How an attempt ended, as observers (metrics) hear it. */
export type AttemptOutcome =
  | { result: 'success'; latencyMs: number }
  | { result: 'failure'; failure: FailureClassification; latencyMs?: number }
  /** Ended with no verdict: the client went away, or the caller dropped it. */
  | { result: 'abandoned' };

/** Told of everything DeploymentHealth records; provider-metrics.ts is one. */
export interface DeploymentHealthObserver {
  deploymentAdded?(ref: DeploymentRef): void;
  attemptStarted?(ref: DeploymentRef): void;
  attemptEnded?(ref: DeploymentRef, outcome: AttemptOutcome): void;
  circuitChanged?(ref: DeploymentRef, state: CircuitState, previous: CircuitState): void;
}

/**
 * One call to a deployment, from start to verdict. The first of `succeeded`, `failed` or
 * `abandoned` counts; later calls are ignored, so the in-flight count drops exactly once.
 */
export interface AttemptTracker {
  readonly deployment: string;
  readonly provider: string;
  /** This attempt is the half-open circuit's single probe. */
  readonly probe: boolean;
  succeeded(latencyMs: number): void;
  failed(failure: FailureClassification, latencyMs?: number): void;
  abandoned(): void;
}

export interface DeploymentHealthOptions {
  clock?: () => number;
  circuit?: Partial<CircuitPolicy>;
  /** Span of success rate, counts and percentiles. */
  windowMs?: number;
  bucketMs?: number;
  /** Latency samples kept per deployment for percentiles. */
  latencySamples?: number;
  /** Weight of the newest latency in the moving average (0..1]. */
  ewmaWeight?: number;
  /** Cooldown after a 429 that named no Retry-After. */
  rateLimitCooldownMs?: number;
  /** Cooldown when the provider says the account has no credit left (at least). */
  quotaCooldownMs?: number;
  observer?: DeploymentHealthObserver;
}

interface DeploymentEntry {
  ref: DeploymentRef;
  circuit: DeploymentCircuit;
  inFlight: number;
  ewmaLatencyMs: number | undefined;
  outcomes: OutcomeWindow;
  latencies: LatencyWindow;
}

/**
 * What this worker process knows of each deployment's health: its circuit and 429
 * cooldown, calls in flight, smoothed latency, and success rate and latency percentiles
 * over a sliding window. The router reads it through `DeploymentLoad`; the request path
 * reports each attempt through an AttemptTracker; heartbeats and admin-api read
 * `snapshot()`.
 */
export class DeploymentHealth {
  readonly #entries = new Map<string, DeploymentEntry>();
  readonly #clock: () => number;
  readonly #options: Required<Omit<DeploymentHealthOptions, 'observer' | 'clock' | 'circuit'>>;
  readonly #circuitPolicy: Partial<CircuitPolicy>;
  readonly #observer: DeploymentHealthObserver;

  constructor(options: DeploymentHealthOptions = {}) {
    this.#clock = options.clock ?? Date.now;
    this.#circuitPolicy = options.circuit ?? {};
    this.#observer = options.observer ?? {};
    this.#options = {
      windowMs: options.windowMs ?? 60_000,
      bucketMs: options.bucketMs ?? 1_000,
      latencySamples: options.latencySamples ?? 1_024,
      ewmaWeight: options.ewmaWeight ?? 0.2,
      rateLimitCooldownMs: options.rateLimitCooldownMs ?? 5_000,
      quotaCooldownMs: options.quotaCooldownMs ?? 60_000,
    };
  }

  // --- DeploymentLoad (workers/src/routing/deployment-load.ts) ---

  inFlight(deploymentId: string): number {
    return this.#entries.get(deploymentId)?.inFlight ?? 0;
  }

  latencyEwmaMs(deploymentId: string): number | undefined {
    return this.#entries.get(deploymentId)?.ewmaLatencyMs;
  }

  /** A deployment never seen is available: nothing speaks against it yet. */
  isAvailable(deploymentId: string): boolean {
    return this.#entries.get(deploymentId)?.circuit.isAvailable(this.#clock()) ?? true;
  }

  // --- The request path ---

  /** Makes a deployment known before its first call, so snapshots list it. */
  add(deploymentId: string, provider: string): void {
    this.#entry(deploymentId, provider);
  }

  /**
   * Starts an attempt if the deployment takes calls now; when its circuit is half-open,
   * this attempt becomes the one probe and every other caller gets undefined.
   */
  tryAcquire(deploymentId: string, provider: string): AttemptTracker | undefined {
    const entry = this.#entry(deploymentId, provider);
    const permit = entry.circuit.tryAcquire(this.#clock());
    return permit ? this.#start(entry, permit) : undefined;
  }

  /**
   * Starts an attempt whatever the circuit says, for a caller that calls anyway (every
   * deployment unavailable, and trying beats failing). Counts in flight and in the stats;
   * moves the circuit only while it is closed.
   */
  begin(deploymentId: string, provider: string): AttemptTracker {
    const entry = this.#entry(deploymentId, provider);
    return this.#start(entry, entry.circuit.forcedPermit());
  }

  /**
   * Forgets the deployments not in `deploymentIds` (a new config removed them), so that
   * heartbeats and routing stop reporting them. Attempts still running on one finish on
   * the entry they hold.
   */
  retainOnly(deploymentIds: ReadonlySet<string>): void {
    for (const id of this.#entries.keys()) {
      if (!deploymentIds.has(id)) this.#entries.delete(id);
    }
  }

  circuitState(deploymentId: string): CircuitState {
    return this.#entries.get(deploymentId)?.circuit.state ?? 'closed';
  }

  snapshot(): DeploymentHealthSnapshot[] {
    const now = this.#clock();
    return [...this.#entries.values()].map((entry) => {
      const { requests, errors } = entry.outcomes.totals(now);
      const unavailableUntil = Math.max(
        entry.circuit.cooldownUntil ?? 0,
        entry.circuit.openUntil ?? 0,
      );
      return {
        deployment: entry.ref.deployment,
        provider: entry.ref.provider,
        circuit: entry.circuit.state,
        successRate: requests === 0 ? null : 1 - errors / requests,
        latencyMs: entry.latencies.percentiles(now),
        ewmaLatencyMs: entry.ewmaLatencyMs ?? null,
        inFlight: entry.inFlight,
        requests,
        errors,
        cooldownUntil: unavailableUntil > now ? Math.ceil(unavailableUntil) : null,
        windowMs: entry.outcomes.windowMs,
      };
    });
  }

  #entry(deploymentId: string, provider: string): DeploymentEntry {
    let entry = this.#entries.get(deploymentId);
    if (entry) return entry;
    const ref = { deployment: deploymentId, provider };
    const { windowMs, bucketMs, latencySamples } = this.#options;
    entry = {
      ref,
      circuit: new DeploymentCircuit({
        ...this.#circuitPolicy,
        clock: this.#clock,
        onStateChange: (state, previous) => this.#observer.circuitChanged?.(ref, state, previous),
      }),
      inFlight: 0,
      ewmaLatencyMs: undefined,
      outcomes: new OutcomeWindow(windowMs, bucketMs),
      latencies: new LatencyWindow(windowMs, latencySamples),
    };
    this.#entries.set(deploymentId, entry);
    this.#observer.deploymentAdded?.(ref);
    return entry;
  }

  #start(entry: DeploymentEntry, permit: CircuitPermit): AttemptTracker {
    entry.inFlight += 1;
    this.#observer.attemptStarted?.(entry.ref);
    let settled = false;
    const settle = (outcome: AttemptOutcome): void => {
      if (settled) return;
      settled = true;
      entry.inFlight -= 1;
      this.#settle(entry, permit, outcome);
      this.#observer.attemptEnded?.(entry.ref, outcome);
    };
    return {
      deployment: entry.ref.deployment,
      provider: entry.ref.provider,
      probe: permit.probe,
      succeeded: (latencyMs) => settle({ result: 'success', latencyMs }),
      failed: (failure, latencyMs) =>
        settle(
          latencyMs === undefined
            ? { result: 'failure', failure }
            : { result: 'failure', failure, latencyMs },
        ),
      abandoned: () => settle({ result: 'abandoned' }),
    };
  }

  #settle(entry: DeploymentEntry, permit: CircuitPermit, outcome: AttemptOutcome): void {
    const now = this.#clock();
    if (outcome.result === 'abandoned') {
      entry.circuit.release(permit);
      return;
    }
    if (outcome.result === 'success') {
      entry.circuit.recordSuccess(permit);
      entry.outcomes.record(true, now);
      entry.latencies.record(outcome.latencyMs, now);
      const weight = this.#options.ewmaWeight;
      entry.ewmaLatencyMs =
        entry.ewmaLatencyMs === undefined
          ? outcome.latencyMs
          : entry.ewmaLatencyMs + weight * (outcome.latencyMs - entry.ewmaLatencyMs);
      return;
    }
    const { failure } = outcome;
    const cooldownMs = this.#cooldownMs(failure);
    if (cooldownMs !== undefined) entry.circuit.coolDown(now + cooldownMs);
    if (failure.countsAgainstDeployment) entry.circuit.recordFailure(permit);
    else entry.circuit.release(permit);
    // Client errors, cancellations and our own bugs say nothing about the deployment.
    if (failure.countsAgainstDeployment || cooldownMs !== undefined) {
      entry.outcomes.record(false, now);
    }
  }

  /** How long a failure keeps the deployment out of rotation without opening its circuit. */
  #cooldownMs(failure: FailureClassification): number | undefined {
    const { rateLimitCooldownMs, quotaCooldownMs } = this.#options;
    if (failure.kind === 'rate_limited') return failure.retryAfterMs ?? rateLimitCooldownMs;
    if (failure.kind === 'quota_exhausted') {
      return Math.max(failure.retryAfterMs ?? 0, quotaCooldownMs);
    }
    // An overloaded provider that says when to come back is taken at its word.
    return failure.countsAgainstDeployment ? failure.retryAfterMs : undefined;
  }
}
