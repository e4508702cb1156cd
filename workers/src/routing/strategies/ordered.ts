import type { RoutingStrategyFn } from './routing-strategy.ts';

/** The order the model lists its deployments in: the first is always tried first. */
export const ordered: RoutingStrategyFn = (candidates) => [...candidates];
