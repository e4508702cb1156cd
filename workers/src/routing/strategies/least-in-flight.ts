import { shuffled, type RoutingStrategyFn } from './routing-strategy.ts';

/**
 * Fewest requests in flight in this worker first. Equal counts are broken at random, so
 * idle deployments share the traffic instead of the first listed taking it all.
 */
export const leastInFlight: RoutingStrategyFn = (candidates, { load, random }) =>
  shuffled(candidates, random)
    .map((candidate) => ({ candidate, inFlight: load.inFlight(candidate.deployment.id) }))
    .sort((a, b) => a.inFlight - b.inFlight)
    .map((entry) => entry.candidate);
