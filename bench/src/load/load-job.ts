/**
 * What the parent asks the load-generator process to do, and what it answers. Travels over
 * the child's IPC channel with `serialization: 'advanced'`, so Float64Arrays cross as is.
 */

/** An OpenAI-compatible HTTP endpoint called with one fixed request. */
export interface HttpLoadTarget {
  kind: 'http';
  /** Full URL, e.g. http://127.0.0.1:8080/v1/chat/completions */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Expect an SSE stream: record time to the first `data:` frame and check it ends with [DONE]. */
  stream: boolean;
}

/** A bare NATS request-reply to a responder in another process. */
export interface NatsLoadTarget {
  kind: 'nats';
  natsUrl: string;
  subject: string;
  payload: string;
}

export type LoadTarget = HttpLoadTarget | NatsLoadTarget;

export interface LoadJob {
  target: LoadTarget;
  ratePerSecond: number;
  durationMs: number;
  /** An answer slower than this counts as an error ('timeout'). */
  timeoutMs: number;
}

/**
 * The outcome of one job. Sample arrays hold one value per successful request, in the same
 * order, so `latencyMs[i] - sendLagMs[i]` is request i's service time.
 */
export interface LoadResult {
  /** Requests the schedule called for (rate × duration). */
  scheduled: number;
  /** Requests actually sent (equal to `scheduled` unless the run was cut short). */
  sent: number;
  /** Answers with status 200 and a complete body. */
  ok: number;
  /** Failed requests by reason ('status 503', 'timeout', 'stream without [DONE]', ...). */
  errors: Record<string, number>;
  /** The first few failures in full, to tell what went wrong. */
  errorSamples: string[];
  /** Scheduled send time → complete answer. */
  latencyMs: Float64Array;
  /** Scheduled send time → first SSE `data:` frame (streams only, else empty). */
  ttfbMs: Float64Array;
  /** Scheduled send time → the moment the request was actually handed to the client library. */
  sendLagMs: Float64Array;
  /** Values of the `x-alfred-overhead-ms` response header, when the target sets it. */
  overheadHeaderMs: Float64Array;
  /** First scheduled send → last answer (at least the scheduled duration). */
  elapsedMs: number;
  bytesReceived: number;
}

export type LoadGeneratorCommand = { type: 'run'; job: LoadJob } | { type: 'close' };
export type LoadGeneratorMessage =
  { type: 'ready' } | { type: 'result'; result: LoadResult } | { type: 'failed'; message: string };

export function totalErrors(result: Pick<LoadResult, 'errors'>): number {
  let total = 0;
  for (const count of Object.values(result.errors)) total += count;
  return total;
}
