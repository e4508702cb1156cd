import { SampleRecorder } from '../latency-stats.ts';
import type { LoadResult } from './load-job.ts';

const errorSamplesKept = 5;

/** Collects the outcome of every request of one job and knows when the last one ended. */
export class LoadRunRecorder {
  readonly #latency = new SampleRecorder();
  readonly #ttfb = new SampleRecorder();
  readonly #sendLag = new SampleRecorder();
  readonly #overheadHeader = new SampleRecorder();
  readonly #errors: Record<string, number> = {};
  readonly #errorSamples: string[] = [];
  #sent = 0;
  #ok = 0;
  #outstanding = 0;
  #lastAnswerAt = 0;
  #bytesReceived = 0;
  #allAnswered: (() => void) | undefined;

  /** Call when a request is handed to the client; returns the send time. */
  started(): number {
    this.#sent++;
    this.#outstanding++;
    return performance.now();
  }

  succeeded(
    dueAt: number,
    sentAt: number,
    answeredAt: number,
    bytes: number,
    firstDataAt?: number,
  ): void {
    this.#ok++;
    this.#latency.record(answeredAt - dueAt);
    this.#sendLag.record(sentAt - dueAt);
    if (firstDataAt !== undefined) this.#ttfb.record(firstDataAt - dueAt);
    this.#bytesReceived += bytes;
    this.#ended(answeredAt);
  }

  failed(reason: string, detail: string): void {
    this.#errors[reason] = (this.#errors[reason] ?? 0) + 1;
    if (this.#errorSamples.length < errorSamplesKept)
      this.#errorSamples.push(`${reason}: ${detail}`);
    this.#ended(performance.now());
  }

  overheadHeader(value: string | string[] | undefined): void {
    const number = Number(Array.isArray(value) ? value[0] : value);
    if (value !== undefined && Number.isFinite(number)) this.#overheadHeader.record(number);
  }

  /** Resolves once every request started so far has succeeded or failed. */
  allAnswered(): Promise<void> {
    if (this.#outstanding === 0) return Promise.resolve();
    return new Promise((resolve) => (this.#allAnswered = resolve));
  }

  result(scheduled: number, startedAt: number, durationMs: number): LoadResult {
    return {
      scheduled,
      sent: this.#sent,
      ok: this.#ok,
      errors: { ...this.#errors },
      errorSamples: [...this.#errorSamples],
      latencyMs: this.#latency.toArray(),
      ttfbMs: this.#ttfb.toArray(),
      sendLagMs: this.#sendLag.toArray(),
      overheadHeaderMs: this.#overheadHeader.toArray(),
      elapsedMs: Math.max(durationMs, this.#lastAnswerAt - startedAt),
      bytesReceived: this.#bytesReceived,
    };
  }

  #ended(at: number): void {
    this.#outstanding--;
    if (at > this.#lastAnswerAt) this.#lastAnswerAt = at;
    if (this.#outstanding === 0 && this.#allAnswered) {
      const resolve = this.#allAnswered;
      this.#allAnswered = undefined;
      resolve();
    }
  }
}
