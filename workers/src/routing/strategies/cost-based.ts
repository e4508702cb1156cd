import type { RoutingStrategyFn } from './routing-strategy.ts';
import { weighted } from './weighted.ts';

/**
 * Cheapest first for this request's estimated prompt and completion sizes, by each
 * deployment's configured `price`. Deployments at the same cost share the traffic by
 * weight; one without a price comes after every priced one.
 */
export const costBased: RoutingStrategyFn = (candidates, input) => {
  const byCost = new Map<number, (typeof candidates)[number][]>();
  for (const candidate of candidates) {
    const price = candidate.deployment.price;
    const cost = price
      ? input.promptTokens * price.inputPerMillion + input.outputTokens * price.outputPerMillion
      : Number.POSITIVE_INFINITY;
    const group = byCost.get(cost);
    if (group) group.push(candidate);
    else byCost.set(cost, [candidate]);
  }
  return [...byCost.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, group]) => (group.length > 1 ? weighted(group, input) : group));
};
