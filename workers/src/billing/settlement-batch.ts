import type { SettleResult, Settlement } from '@alfred/spend-control';

export type SettleMany = (settlements: readonly Settlement[]) => Promise<SettleResult[]>;

interface Waiting {
  settlement: Settlement;
  resolve: (result: SettleResult) => void;
  reject: (error: unknown) => void;
}

/**
 * Gathers the settlements of a few milliseconds and sends them to Redis in one script
 * call: at 1,000 req/s and a 5 ms window one write and one round trip settle about five
 * requests instead of one, which saves the worker and Redis a system call and a script
 * run each. Settlement comes after the reply, so the wait costs the client nothing; it
 * only holds the request's concurrency slot a little longer.
 */
export class SettlementBatch {
  readonly #settleMany: SettleMany;
  readonly #windowMs: number;
  readonly #maxBatch: number;
  #waiting: Waiting[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** `maxBatch` bounds one script's run time (Redis runs nothing else meanwhile). */
  constructor(settleMany: SettleMany, windowMs: number, maxBatch = 100) {
    this.#settleMany = settleMany;
    this.#windowMs = windowMs;
    this.#maxBatch = maxBatch;
  }

  /** Settles with the others of the current window (opening one if none is open). */
  settle(settlement: Settlement): Promise<SettleResult> {
    return new Promise<SettleResult>((resolve, reject) => {
      this.#waiting.push({ settlement, resolve, reject });
      if (this.#waiting.length >= this.#maxBatch) this.flush();
      else if (this.#windowMs <= 0) queueMicrotask(() => this.flush());
      else this.#timer ??= setTimeout(() => this.flush(), this.#windowMs);
    });
  }

  /** Sends what is waiting now, without waiting for the window to close (full, stopping). */
  flush(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#waiting;
    if (batch.length === 0) return;
    this.#waiting = [];
    this.#settleMany(batch.map((waiting) => waiting.settlement)).then(
      (results) => {
        batch.forEach((waiting, i) => {
          const result = results[i];
          if (result) waiting.resolve(result);
          else
            waiting.reject(new Error(`no settle result for ${waiting.settlement.reservationId}`));
        });
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}
