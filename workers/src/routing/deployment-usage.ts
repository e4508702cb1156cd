import type { DeploymentConfig } from '@alfred/contracts';

const windowSeconds = 60;

/** One deployment's last minute, in one-second buckets (a ring indexed by second). */
class MinuteWindow {
  readonly stamps = new Float64Array(windowSeconds).fill(-1);
  readonly requests = new Float64Array(windowSeconds);
  readonly tokens = new Float64Array(windowSeconds);

  add(second: number, requests: number, tokens: number): void {
    const i = second % windowSeconds;
    if (this.stamps[i] !== second) {
      this.stamps[i] = second;
      this.requests[i] = 0;
      this.tokens[i] = 0;
    }
    this.requests[i]! += requests;
    this.tokens[i]! += tokens;
  }

  totals(second: number): { requests: number; tokens: number; oldest: number } {
    let requests = 0;
    let tokens = 0;
    let oldest = second;
    for (let i = 0; i < windowSeconds; i++) {
      const stamp = this.stamps[i]!;
      if (stamp <= second - windowSeconds) continue;
      requests += this.requests[i]!;
      tokens += this.tokens[i]!;
      if (stamp < oldest) oldest = stamp;
    }
    return { requests, tokens, oldest };
  }
}

/**
 * Requests and tokens sent to each capped deployment in the last minute (a sliding window
 * with one-second steps), to keep within its `rpm` and `tpm`. The counts are this worker
 * process's own: with N workers a deployment can see up to N × its cap, so set the caps per
 * process (the provider's limit divided by the number of workers). It outlives config
 * swaps, so a new config does not reset the minute.
 */
export class DeploymentUsage {
  readonly #windows = new Map<string, MinuteWindow>();
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Counts a call (requests = 1, tokens = its prompt) or tokens learned later (its completion). */
  record(deployment: DeploymentConfig, requests: number, tokens: number): void {
    if (deployment.rpm === undefined && deployment.tpm === undefined) return;
    let window = this.#windows.get(deployment.id);
    if (!window) this.#windows.set(deployment.id, (window = new MinuteWindow()));
    window.add(this.#second(), requests, tokens);
  }

  /**
   * Whether one more request of `promptTokens` stays within the caps. A request larger than
   * the whole `tpm` is let through when the minute is otherwise empty, or it could never run.
   */
  admits(deployment: DeploymentConfig, promptTokens: number): boolean {
    const window = this.#windows.get(deployment.id);
    if (!window) return true;
    const used = window.totals(this.#second());
    if (deployment.rpm !== undefined && used.requests + 1 > deployment.rpm) return false;
    if (deployment.tpm !== undefined && used.tokens > 0) {
      return used.tokens + promptTokens <= deployment.tpm;
    }
    return true;
  }

  /** Seconds until the oldest call in the deployment's window leaves it. */
  secondsUntilRoom(deployment: DeploymentConfig): number {
    const window = this.#windows.get(deployment.id);
    if (!window) return 0;
    const second = this.#second();
    return Math.max(1, window.totals(second).oldest + windowSeconds - second);
  }

  #second(): number {
    return Math.floor(this.#now() / 1000);
  }
}
