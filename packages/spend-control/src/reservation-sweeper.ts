import type { SpendControl } from './spend-control.ts';

export interface ReservationSweeperOptions {
  /** Default 5 seconds. */
  intervalMs?: number;
  /** Reservations released per script call; a sweep calls again while batches come back full. */
  batchSize?: number;
  /** A failed sweep (Redis down) is reported here and retried next interval. */
  onError?: (error: unknown) => void;
}

/**
 * Releases reservations left by crashed processes, on a timer that never keeps the process
 * alive. Any number of processes may run one: each expiry is released once, atomically.
 */
export class ReservationSweeper {
  readonly #spendControl: Pick<SpendControl, 'expireReservations'>;
  readonly #intervalMs: number;
  readonly #batchSize: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #sweeping = false;
  #released = 0;

  constructor(
    spendControl: Pick<SpendControl, 'expireReservations'>,
    options: ReservationSweeperOptions = {},
  ) {
    this.#spendControl = spendControl;
    this.#intervalMs = options.intervalMs ?? 5000;
    this.#batchSize = options.batchSize ?? 100;
    this.#onError = options.onError ?? (() => {});
  }

  /** Reservations this sweeper released since it was made. */
  get released(): number {
    return this.#released;
  }

  start(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      this.sweep().catch(this.#onError);
    }, this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Releases every reservation due now; returns how many. Overlapping calls sweep once. */
  async sweep(): Promise<number> {
    if (this.#sweeping) return 0;
    this.#sweeping = true;
    try {
      let total = 0;
      for (;;) {
        const released = await this.#spendControl.expireReservations(this.#batchSize);
        total += released;
        if (released < this.#batchSize) break;
      }
      this.#released += total;
      return total;
    } finally {
      this.#sweeping = false;
    }
  }
}
