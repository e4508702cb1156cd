/** A deployment's `timeouts` config; `firstTokenMs` is optional until contracts carry it. */
export interface DeploymentTimeouts {
  connectMs: number;
  firstTokenMs?: number;
  totalMs: number;
}

/** What one attempt may spend, each bounded by the request's deadline. */
export interface AttemptBudget {
  /** To open the TCP/TLS connection (undici `connectTimeout`). */
  connectMs: number;
  /**
   * Until the first byte of the answer. For a stream that is the first token: providers
   * send stream headers at once, so the wait for the first body byte is the wait for the
   * model. For a plain call the provider answers only when done, so it equals `totalMs`.
   */
  firstByteMs: number;
  /** The whole attempt, from the call to the last byte. */
  totalMs: number;
  /** Epoch ms the attempt must end by. */
  endsAt: number;
}

export interface AttemptBudgetInput {
  timeouts: DeploymentTimeouts;
  /** The request's absolute deadline (epoch ms), from the work request. */
  deadline: number;
  stream: boolean;
  now?: number;
  /** Less time left than this: no new attempt is worth starting. */
  minimumMs?: number;
}

/**
 * The budgets of the next attempt, or undefined when too little of the request's time is
 * left to start one. `totalMs` caps each attempt, not the request: a retry gets its own,
 * but never past the request's deadline, which bounds them all.
 */
export function attemptBudget(input: AttemptBudgetInput): AttemptBudget | undefined {
  const { timeouts, deadline, stream, now = Date.now(), minimumMs = 50 } = input;
  const remainingMs = deadline - now;
  if (remainingMs < Math.max(1, minimumMs)) return undefined;
  const totalMs = Math.min(timeouts.totalMs, remainingMs);
  const firstByteMs =
    stream && timeouts.firstTokenMs !== undefined
      ? Math.min(timeouts.firstTokenMs, totalMs)
      : totalMs;
  return {
    connectMs: Math.min(timeouts.connectMs, totalMs),
    firstByteMs,
    totalMs,
    endsAt: now + totalMs,
  };
}
