import { shuffled, type RankedCandidate, type RoutingStrategyFn } from './routing-strategy.ts';
import type { DeploymentLoad } from '../deployment-load.ts';

/**
 * Power of two choices on latency: two deployments drawn at random, the one with the lower
 * score goes first; the rest follow by score. The score is the latency EWMA times the
 * requests in flight plus one, so a fast deployment that is already busy loses to a slightly
 * slower idle one (peak-EWMA, as in Finagle and Linkerd). Comparing two random candidates
 * instead of always taking the best keeps every deployment but the worst measured now and
 * then, and avoids every worker stampeding to the same one.
 *
 * A deployment without a measurement yet is scored as if it were as fast as the best measured
 * one, so it gets explored; its in-flight count spreads a burst instead of sending all of it there.
 */
export const latencyAware: RoutingStrategyFn = (candidates, { load, random }) => {
  if (candidates.length < 2) return [...candidates];
  const scored = scoresOf(shuffled(candidates, random), load).sort((a, b) => a.score - b.score);
  const first = Math.floor(random() * scored.length);
  let second = Math.floor(random() * (scored.length - 1));
  if (second >= first) second++;
  // `scored` is sorted, so the lower index of the pair is the better one.
  const winner = scored.splice(Math.min(first, second), 1)[0]!;
  return [winner.candidate, ...scored.map((entry) => entry.candidate)];
};

function scoresOf<T extends RankedCandidate>(candidates: T[], load: DeploymentLoad) {
  const latencies = candidates.map((c) => load.latencyEwmaMs(c.deployment.id));
  const measured = latencies.filter((ms): ms is number => ms !== undefined);
  const optimistic = measured.length > 0 ? Math.min(...measured) : 1;
  return candidates.map((candidate, i) => ({
    candidate,
    score: (latencies[i] ?? optimistic) * (load.inFlight(candidate.deployment.id) + 1),
  }));
}
