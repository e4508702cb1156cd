/**
 * Successes and failures of the last `windowMs`, in buckets of `bucketMs`: a ring of
 * counters, so recording is O(1) and memory does not grow with traffic. A bucket is reset
 * when the ring comes round to it again, so the window slides by one bucket at a time.
 */
export class OutcomeWindow {
  readonly windowMs: number;
  readonly #bucketMs: number;
  readonly #successes: number[];
  readonly #failures: number[];
  /** The bucket number (time / bucketMs) each slot holds counts for. */
  readonly #slotBucket: number[];

  constructor(windowMs = 60_000, bucketMs = 1_000) {
    const slots = Math.max(1, Math.ceil(windowMs / bucketMs));
    this.windowMs = slots * bucketMs;
    this.#bucketMs = bucketMs;
    this.#successes = new Array<number>(slots).fill(0);
    this.#failures = new Array<number>(slots).fill(0);
    this.#slotBucket = new Array<number>(slots).fill(-1);
  }

  record(succeeded: boolean, now: number): void {
    const slot = this.#slotFor(now);
    if (succeeded) this.#successes[slot]! += 1;
    else this.#failures[slot]! += 1;
  }

  /** Calls and failures recorded within the window ending at `now`. */
  totals(now: number): { requests: number; errors: number } {
    const newest = Math.floor(now / this.#bucketMs);
    const oldest = newest - this.#slotBucket.length + 1;
    let requests = 0;
    let errors = 0;
    for (let slot = 0; slot < this.#slotBucket.length; slot++) {
      const bucket = this.#slotBucket[slot]!;
      if (bucket < oldest || bucket > newest) continue;
      requests += this.#successes[slot]! + this.#failures[slot]!;
      errors += this.#failures[slot]!;
    }
    return { requests, errors };
  }

  #slotFor(now: number): number {
    const bucket = Math.floor(now / this.#bucketMs);
    const slot = bucket % this.#slotBucket.length;
    if (this.#slotBucket[slot] !== bucket) {
      this.#slotBucket[slot] = bucket;
      this.#successes[slot] = 0;
      this.#failures[slot] = 0;
    }
    return slot;
  }
}
