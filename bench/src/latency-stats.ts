/**
 * Latency summaries from raw samples. Runs are at most a few hundred thousand samples,
 * so sorting a copy is exact and fast enough; no histogram approximation is needed.
 */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
  mean: number;
}

export const emptySummary: LatencySummary = {
  count: 0,
  p50: NaN,
  p90: NaN,
  p99: NaN,
  p999: NaN,
  max: NaN,
  mean: NaN,
};

/** Nearest-rank percentile of sorted values (q in 0..1). */
export function percentileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export function summarizeLatencies(samples: ArrayLike<number>): LatencySummary {
  if (samples.length === 0) return emptySummary;
  const sorted = Float64Array.from(samples).sort();
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count: sorted.length,
    p50: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
    p99: percentileOfSorted(sorted, 0.99),
    p999: percentileOfSorted(sorted, 0.999),
    max: sorted[sorted.length - 1]!,
    mean: sum / sorted.length,
  };
}

/** Joins the samples of several slices of one run, for one summary over all of them. */
export function concatSamples(parts: readonly Float64Array[]): Float64Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const joined = new Float64Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/**
 * Grows a Float64Array as samples arrive, so a load-generator run records hundreds of
 * thousands of numbers without boxing each one.
 */
export class SampleRecorder {
  #values = new Float64Array(1024);
  #length = 0;

  record(value: number): void {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  get length(): number {
    return this.#length;
  }

  /** The recorded samples (a copy trimmed to length). */
  toArray(): Float64Array {
    return this.#values.slice(0, this.#length);
  }
}
