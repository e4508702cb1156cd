import { cachePhase } from './cache-phase.ts';
import { creditsPhase } from './credits-phase.ts';
import { floorPhase } from './floor-phase.ts';
import { nonStreamedPhase } from './non-streamed-phase.ts';
import type { Phase } from './phase.ts';
import { scalingPhase } from './scaling-phase.ts';
import { saturationPhase } from './saturation-phase.ts';
import { streamedPhase } from './streamed-phase.ts';

/** The phases `npm run bench` runs, in this order (BENCH_PHASES picks a subset by name). */
export const phaseList: Phase[] = [
  nonStreamedPhase,
  floorPhase,
  creditsPhase,
  cachePhase,
  streamedPhase,
  saturationPhase,
  scalingPhase,
];

export function selectPhases(names: string[]): Phase[] {
  if (names.length === 0) return phaseList;
  const unknown = names.filter((name) => !phaseList.some((phase) => phase.name === name));
  if (unknown.length > 0) {
    throw new Error(
      `unknown phase(s) ${unknown.join(', ')}; known: ${phaseList.map((p) => p.name).join(', ')}`,
    );
  }
  return phaseList.filter((phase) => names.includes(phase.name));
}
