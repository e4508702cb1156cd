import { z } from 'zod';

/** A deployment's circuit breaker: `open` takes no calls, `half-open` lets one probe through. */
export const CircuitStateSchema = z.enum(['closed', 'half-open', 'open']);
export type CircuitState = z.infer<typeof CircuitStateSchema>;

const count = z.number().int().nonnegative();
const ms = z.number().nonnegative();

/**
 * How one deployment looks from one worker process: what the worker's resilience layer
 * (workers/src/resilience/deployment-health.ts) reports in heartbeats and admin-api shows.
 * Counts, rate and percentiles cover the last `windowMs`; null means no call in the window.
 */
export const DeploymentHealthSnapshotSchema = z.object({
  deployment: z.string().min(1),
  provider: z.string().min(1),
  circuit: CircuitStateSchema,
  /** `1 - errors / requests`, 0..1. */
  successRate: z.number().min(0).max(1).nullable(),
  /** Latency of successful calls over the window. */
  latencyMs: z.object({ p50: ms.nullable(), p95: ms.nullable(), p99: ms.nullable() }),
  /** Smoothed latency the router prefers deployments by; null before the first success. */
  ewmaLatencyMs: ms.nullable(),
  inFlight: count,
  /**
   * Calls that ended in the window, successes and the failures that say something about the
   * deployment (its errors, timeouts, 429s). Client errors and cancellations are left out:
   * a bad prompt is not a sick deployment.
   */
  requests: count,
  /** The calls in `requests` that failed. */
  errors: count,
  /** Epoch ms until which the deployment takes no calls (429 cooldown or open circuit). */
  cooldownUntil: z.number().int().nonnegative().nullable(),
  windowMs: z.number().int().positive(),
});
export type DeploymentHealthSnapshot = z.infer<typeof DeploymentHealthSnapshotSchema>;
