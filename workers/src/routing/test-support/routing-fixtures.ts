import { DeploymentConfigSchema, type DeploymentConfig } from '@alfred/contracts';
import type { DeploymentLoad } from '../deployment-load.ts';

/** mulberry32: a small seeded generator, so distributions in tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function candidate(
  id: string,
  fields: Partial<Omit<DeploymentConfig, 'id'>> = {},
): { deployment: DeploymentConfig } {
  return {
    deployment: DeploymentConfigSchema.parse({ id, provider: 'p', model: id, ...fields }),
  };
}

/** A load with fixed numbers per deployment id (unlisted: idle, unmeasured, available). */
export function fixedLoad(state: {
  inFlight?: Record<string, number>;
  latencyMs?: Record<string, number>;
  unavailable?: string[];
}): DeploymentLoad {
  return {
    inFlight: (id) => state.inFlight?.[id] ?? 0,
    latencyEwmaMs: (id) => state.latencyMs?.[id],
    isAvailable: (id) => !state.unavailable?.includes(id),
  };
}

/** How often each id came first over `draws` rankings. */
export function firstChoices(
  draws: number,
  rank: () => { deployment: DeploymentConfig }[],
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < draws; i++) {
    const id = rank()[0]!.deployment.id;
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}
