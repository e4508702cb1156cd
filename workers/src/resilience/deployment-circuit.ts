import type { CircuitState } from '@alfred/contracts';

export type { CircuitState };

export interface CircuitPolicy {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open the first time. */
  openMs: number;
  /** Each failed probe doubles the open time, up to this. */
  maxOpenMs: number;
  /**
   * A probe that reported nothing for this long is taken for lost (a bug in the caller,
   * a hung attempt) and another caller may probe: a lost probe must not pin the circuit.
   */
  probeLeaseMs: number;
}

export const defaultCircuitPolicy: CircuitPolicy = {
  failureThreshold: 5,
  openMs: 10_000,
  maxOpenMs: 300_000,
  probeLeaseMs: 600_000,
};

/**
 * The right to make one call, from `tryAcquire`. Its verdict counts only while the circuit
 * is still in the state it was acquired in (same generation): a slow call that started
 * before the circuit opened must not close it, or re-open it, when it finally ends.
 */
export interface CircuitPermit {
  readonly probe: boolean;
  readonly generation: number;
}

export interface DeploymentCircuitOptions extends Partial<CircuitPolicy> {
  clock?: () => number;
  onStateChange?: (state: CircuitState, previous: CircuitState) => void;
}

/**
 * A circuit breaker for one deployment, shaped for a routing loop that asks before it
 * chooses: `isAvailable` has no side effect beyond the clock moving an open circuit to
 * half-open; `tryAcquire` takes the right to call (the single probe when half-open).
 *
 * closed --N consecutive failures--> open --openMs--> half-open --probe ok--> closed
 *                                      ^------------ probe failed (open time x2) --'
 *
 * Separately, `coolDown` (after a 429) keeps the deployment unavailable without opening
 * the circuit: a rate-limited deployment is busy, not broken.
 *
 * Written here rather than with cockatiel's CircuitBreakerPolicy, which only runs calls
 * through `execute(fn)`: it cannot answer "available?" without calling, reserves the
 * half-open call asynchronously, moves to half-open only when called, and reads Date.now.
 */
export class DeploymentCircuit {
  readonly #policy: CircuitPolicy;
  readonly #clock: () => number;
  readonly #onStateChange: DeploymentCircuitOptions['onStateChange'];
  #state: CircuitState = 'closed';
  #generation = 0;
  #consecutiveFailures = 0;
  /** Times opened since the circuit was last closed; sets the next open time. */
  #opens = 0;
  #openUntil = 0;
  #probeTakenAt: number | undefined;
  #cooldownUntil = 0;

  constructor(options: DeploymentCircuitOptions = {}) {
    const { clock, onStateChange, ...policy } = options;
    this.#policy = { ...defaultCircuitPolicy, ...policy };
    this.#clock = clock ?? Date.now;
    this.#onStateChange = onStateChange;
  }

  get state(): CircuitState {
    this.#advance(this.#clock());
    return this.#state;
  }

  /** When an open circuit lets a probe through; undefined unless open. */
  get openUntil(): number | undefined {
    return this.state === 'open' ? this.#openUntil : undefined;
  }

  /** When a 429 cooldown ends; undefined if none is running. */
  get cooldownUntil(): number | undefined {
    return this.#cooldownUntil > this.#clock() ? this.#cooldownUntil : undefined;
  }

  isAvailable(now = this.#clock()): boolean {
    this.#advance(now);
    if (now < this.#cooldownUntil) return false;
    if (this.#state === 'closed') return true;
    return this.#state === 'half-open' && this.#probeTakenAt === undefined;
  }

  /** The right to call now, or undefined; in half-open, only the first caller gets it. */
  tryAcquire(now = this.#clock()): CircuitPermit | undefined {
    if (!this.isAvailable(now)) return undefined;
    if (this.#state === 'closed') return { probe: false, generation: this.#generation };
    this.#probeTakenAt = now;
    return { probe: true, generation: this.#generation };
  }

  /**
   * A permit regardless of state, for a caller that calls anyway (every deployment is
   * unavailable and it prefers trying to failing). Never a probe: its verdict only
   * counts if the circuit is closed.
   */
  forcedPermit(): CircuitPermit {
    return { probe: false, generation: this.#generation };
  }

  recordSuccess(permit?: CircuitPermit): void {
    if (!this.#counts(permit)) return;
    if (this.#state === 'half-open') {
      this.#opens = 0;
      this.#transition('closed');
    }
    this.#consecutiveFailures = 0;
  }

  recordFailure(permit?: CircuitPermit): void {
    if (!this.#counts(permit)) return;
    if (this.#state === 'half-open') {
      this.#open(this.#clock());
      return;
    }
    this.#consecutiveFailures += 1;
    if (this.#consecutiveFailures >= this.#policy.failureThreshold) this.#open(this.#clock());
  }

  /** The call ended with no verdict (cancelled, a client error, a 429): frees the probe. */
  release(permit: CircuitPermit): void {
    if (permit.probe && permit.generation === this.#generation) this.#probeTakenAt = undefined;
  }

  /** Unavailable until `untilMs` (epoch ms), the circuit left as it is. Never shortens. */
  coolDown(untilMs: number): void {
    this.#cooldownUntil = Math.max(this.#cooldownUntil, untilMs);
  }

  /** Whether a verdict on this permit may move the circuit. */
  #counts(permit: CircuitPermit | undefined): boolean {
    this.#advance(this.#clock());
    if (this.#state === 'open') return false;
    if (!permit) return true;
    if (permit.generation !== this.#generation) return false;
    // In half-open only the probe speaks; forced calls that slipped in say nothing.
    return this.#state === 'closed' || permit.probe;
  }

  #open(now: number): void {
    const openMs = Math.min(this.#policy.maxOpenMs, this.#policy.openMs * 2 ** this.#opens);
    this.#opens += 1;
    this.#openUntil = now + openMs;
    this.#consecutiveFailures = 0;
    this.#transition('open');
  }

  /** The clock's part of the state machine: open ends, lost probes expire. */
  #advance(now: number): void {
    if (this.#state === 'open' && now >= this.#openUntil) this.#transition('half-open');
    if (
      this.#state === 'half-open' &&
      this.#probeTakenAt !== undefined &&
      now - this.#probeTakenAt >= this.#policy.probeLeaseMs
    ) {
      this.#probeTakenAt = undefined;
    }
  }

  #transition(state: CircuitState): void {
    const previous = this.#state;
    this.#state = state;
    this.#generation += 1;
    this.#probeTakenAt = undefined;
    this.#onStateChange?.(state, previous);
  }
}
