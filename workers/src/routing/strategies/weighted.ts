import type { RoutingStrategyFn } from './routing-strategy.ts';

/**
 * A random order in which each position is drawn in proportion to `weight` among the
 * deployments not yet placed (Efraimidis–Spirakis: sort by an exponential race whose rate
 * is the weight). So the first choice is proportional to weight, and the failovers are too.
 * Weight 0 never wins the race: such deployments come last, in listed order.
 */
export const weighted: RoutingStrategyFn = (candidates, { random }) =>
  candidates
    .map((candidate) => ({
      candidate,
      // 1 - random() is in (0, 1], so the logarithm is finite.
      finish:
        candidate.deployment.weight > 0
          ? -Math.log(1 - random()) / candidate.deployment.weight
          : Number.POSITIVE_INFINITY,
    }))
    .sort((a, b) => (a.finish === b.finish ? 0 : a.finish - b.finish))
    .map((entry) => entry.candidate);
