export interface LatencyPercentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

/**
 * The latencies of the last `capacity` successful calls within `windowMs`, in a ring
 * buffer. Percentiles are computed on demand (a sort of at most `capacity` numbers), which
 * suits their readers: a heartbeat every few seconds and admin-api, not every request.
 */
export class LatencyWindow {
  readonly #windowMs: number;
  readonly #latencies: Float64Array;
  readonly #times: Float64Array;
  #next = 0;
  #size = 0;

  constructor(windowMs = 60_000, capacity = 1_024) {
    this.#windowMs = windowMs;
    this.#latencies = new Float64Array(capacity);
    this.#times = new Float64Array(capacity);
  }

  record(latencyMs: number, now: number): void {
    this.#latencies[this.#next] = latencyMs;
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.#latencies.length;
    this.#size = Math.min(this.#size + 1, this.#latencies.length);
  }

  /** Nearest-rank percentiles of the samples in the window; null when there are none. */
  percentiles(now: number): LatencyPercentiles {
    const since = now - this.#windowMs;
    const samples: number[] = [];
    for (let i = 0; i < this.#size; i++) {
      if (this.#times[i]! > since) samples.push(this.#latencies[i]!);
    }
    if (samples.length === 0) return { p50: null, p95: null, p99: null };
    samples.sort((a, b) => a - b);
    const rank = (p: number) => samples[Math.max(0, Math.ceil(p * samples.length) - 1)]!;
    return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) };
  }
}
