import type { Criterion } from './phases/phase.ts';

/** The gateway's performance targets that this benchmark checks (PASS/FAIL in the report). */
export const acceptanceCriteria = {
  /** CPU of ingress + worker per non-streamed request at the reference rate. */
  cpuMsPerRequest: { comparison: 'at most', limit: 0.3 },
  /** Highest non-streamed rate the stack sustains (see saturationStep). */
  saturationPerSecond: { comparison: 'at least', limit: 3000 },
  /** (c − a) − b at the reference rate: latency added beyond the bare NATS round trip. */
  addedLatencyP50Ms: { comparison: 'at most', limit: 0.5 },
  addedLatencyP99Ms: { comparison: 'at most', limit: 2 },
  /** Time to first byte of a stream, gateway minus direct. */
  streamTtfbOverheadMs: { comparison: 'at most', limit: 2 },
  /** Reservation + rate limits + settlement, c − d in the same run at the reference rate. */
  creditsAddedP50Ms: { comparison: 'at most', limit: 0.5 },
  creditsAddedP99Ms: { comparison: 'at most', limit: 1.5 },
  creditsCpuMsPerRequest: { comparison: 'at most', limit: 0.1 },
  /** A cache hit through the stack (e) beyond the bare NATS round trip (b), at p99. */
  cacheHitAddedP99Ms: { comparison: 'at most', limit: 1 },
  /** Throughput of a pool of 2 and of 4 workers over 1 (100 ms upstream, concurrency 32). */
  scalingTwoWorkers: { comparison: 'at least', limit: 1.8 },
  scalingFourWorkers: { comparison: 'at least', limit: 3.4 },
} as const satisfies Record<string, Criterion>;

/** When a saturation step counts as sustained. */
export const saturationStep = {
  maxP99Ms: 50,
  minAchievedFraction: 0.95,
  maxErrors: 0,
} as const;
