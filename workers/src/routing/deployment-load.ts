/**
 * What the worker knows about each deployment's live state, as the routing strategies and
 * the route planner read it. Implemented by the resilience layer (in-flight counters,
 * latency EWMA, circuit breakers, 429 cool-downs); routing only reads it.
 */
export interface DeploymentLoad {
  /** Requests this process has in flight on the deployment. */
  inFlight(deploymentId: string): number;
  /** Smoothed latency (ms) of recent successful calls; undefined before the first. */
  latencyEwmaMs(deploymentId: string): number | undefined;
  /** False while its circuit is open or it is cooling down after a 429. */
  isAvailable(deploymentId: string): boolean;
}

/** No measurements: every deployment idle, unmeasured and available (before resilience is wired, and in tests). */
export const idleDeploymentLoad: DeploymentLoad = {
  inFlight: () => 0,
  latencyEwmaMs: () => undefined,
  isAvailable: () => true,
};
