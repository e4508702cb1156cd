import type { Admission, AdmissionRequest } from './admission.ts';
import type { SpendControl } from './spend-control.ts';
import { SpendControlUnavailableError } from './spend-control-unavailable-error.ts';

/** The most one process admits per minute, unbilled in Redis, while Redis is unreachable. */
export interface FailOpenCap {
  maxRequestsPerMinute: number;
  /** Sum of the worst-case amounts admitted. */
  maxCostMicrosPerMinute: number;
}

const windowMs = 60_000;

/**
 * The documented fail-open setting: when Redis is unreachable, admit anyway, up to a local
 * in-process hard cap over a sliding minute; past the cap, refuse with 503 as fail-closed
 * would. Requests admitted this way hold nothing in Redis: their settle finds no reservation
 * and is a no-op, and their cost reaches the wallet when the ledger has posted their usage
 * and the wallet is refreshed. So a deployment that fails open accepts overspending by up to
 * cap × processes × outage minutes. Without this wrapper spend control fails closed.
 */
export class FailOpenAdmission {
  readonly #spendControl: Pick<SpendControl, 'admit'>;
  readonly #cap: FailOpenCap;
  readonly #clock: () => number;
  /** Admissions of the last minute, oldest first. */
  readonly #recent: { at: number; amountMicros: number }[] = [];
  #recentMicros = 0;
  #admittedLocally = 0;

  constructor(
    spendControl: Pick<SpendControl, 'admit'>,
    cap: FailOpenCap,
    clock: () => number = Date.now,
  ) {
    this.#spendControl = spendControl;
    this.#cap = cap;
    this.#clock = clock;
  }

  /** How many requests this process admitted without Redis. */
  get admittedLocally(): number {
    return this.#admittedLocally;
  }

  async admit(request: AdmissionRequest): Promise<Admission> {
    try {
      return await this.#spendControl.admit(request);
    } catch (error) {
      if (!(error instanceof SpendControlUnavailableError)) throw error;
      return this.#admitLocally(request, error);
    }
  }

  #admitLocally(request: AdmissionRequest, cause: SpendControlUnavailableError): Admission {
    const now = this.#clock();
    for (
      let oldest = this.#recent[0];
      oldest && oldest.at <= now - windowMs;
      oldest = this.#recent[0]
    ) {
      this.#recent.shift();
      this.#recentMicros -= oldest.amountMicros;
    }
    if (
      this.#recent.length + 1 > this.#cap.maxRequestsPerMinute ||
      this.#recentMicros + request.amountMicros > this.#cap.maxCostMicrosPerMinute
    ) {
      throw new SpendControlUnavailableError(
        `${cause.message}; the fail-open local cap of this process is reached`,
        { cause },
      );
    }
    this.#recent.push({ at: now, amountMicros: request.amountMicros });
    this.#recentMicros += request.amountMicros;
    this.#admittedLocally += 1;
    return {
      admitted: true,
      reservationId: request.reservationId,
      headers: { 'x-alfred-spend-control': 'fail-open' },
      duplicate: false,
      failOpen: true,
    };
  }
}
