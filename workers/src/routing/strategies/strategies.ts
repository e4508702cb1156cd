import type { RoutingStrategy } from '@alfred/contracts';
import { costBased } from './cost-based.ts';
import { latencyAware } from './latency-aware.ts';
import { leastInFlight } from './least-in-flight.ts';
import { ordered } from './ordered.ts';
import type { RoutingStrategyFn } from './routing-strategy.ts';
import { weighted } from './weighted.ts';

/** The strategy each `routing.strategy` name of the config stands for. */
export const routingStrategies: Record<RoutingStrategy, RoutingStrategyFn> = {
  ordered,
  weighted,
  'least-in-flight': leastInFlight,
  latency: latencyAware,
  cost: costBased,
};
