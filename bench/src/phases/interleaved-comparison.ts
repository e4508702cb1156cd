import type { LabeledTarget } from '../bench-targets.ts';
import type { PhaseContext, TargetRun } from './phase.ts';
import { aggregateRun, measureSlice, warmUp, type SliceMeasurement } from './target-measurement.ts';

/**
 * A target that cannot keep up makes its slices last longer than planned (the load
 * generator waits for every answer); past this multiple of the planned time the remaining
 * rounds are skipped so that the whole run still ends in reasonable time.
 */
const overrunFactor = 2;

export interface InterleavedRuns {
  /** One run per target, in the order given. */
  runs: TargetRun[];
  /** Why fewer rounds than planned were measured, if they were. */
  notes: string[];
}

/**
 * Measures several targets at the same constant rate in short alternating slices
 * (a b c, b c a, c a b, …) so that whatever else the machine does in the meantime
 * affects all of them alike. Each target is warmed up first.
 */
export async function runInterleaved(
  context: PhaseContext,
  phaseName: string,
  targets: LabeledTarget[],
  ratePerSecond: number,
): Promise<InterleavedRuns> {
  const { durationS, sliceS, warmupS } = context.settings;
  const rounds = Math.max(1, Math.round(durationS / sliceS));
  const sliceMs = (durationS * 1000) / rounds;

  for (const { label, target } of targets) {
    context.progress(
      `[${phaseName}] warming up ${label} for ${warmupS} s at ${ratePerSecond} req/s`,
    );
    await warmUp(context, label, target, ratePerSecond, warmupS);
  }
  const slices: SliceMeasurement[][] = targets.map(() => []);
  const deadline = performance.now() + overrunFactor * durationS * 1000 * targets.length;
  let round = 0;
  while (round < rounds && (round === 0 || performance.now() < deadline)) {
    context.progress(
      `[${phaseName}] round ${round + 1}/${rounds} (${(sliceMs / 1000).toFixed(1)} s per target)`,
    );
    for (let turn = 0; turn < targets.length; turn++) {
      const index = (round + turn) % targets.length;
      slices[index]!.push(
        await measureSlice(context, targets[index]!.target, ratePerSecond, sliceMs),
      );
    }
    round++;
  }
  const notes =
    round < rounds
      ? [
          `only ${round} of ${rounds} rounds measured: slices took over ${overrunFactor}× their planned time (a target could not keep up)`,
        ]
      : [];
  return {
    runs: targets.map((target, index) => aggregateRun(target, ratePerSecond, slices[index]!)),
    notes,
  };
}
