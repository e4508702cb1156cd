import type { DeploymentConfig } from '@alfred/contracts';
import type { DeploymentLoad } from '../deployment-load.ts';

/** What a strategy may look at besides the candidates themselves. */
export interface StrategyInput {
  load: DeploymentLoad;
  /** Uniform in [0, 1); injected so tests can seed it. */
  random: () => number;
  /** The request's estimated prompt and completion sizes (cost-based routing). */
  promptTokens: number;
  outputTokens: number;
}

export interface RankedCandidate {
  deployment: DeploymentConfig;
}

/**
 * Orders a model's candidate deployments for one request, preferred first. A strategy
 * never drops a candidate: the ones it likes less are the failovers.
 */
export type RoutingStrategyFn = <T extends RankedCandidate>(
  candidates: readonly T[],
  input: StrategyInput,
) => T[];

/** Fisher–Yates with the injected random, for unbiased tie-breaks. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
