import { acceptanceCriteria, saturationStep } from '../acceptance-criteria.ts';
import { fullStack } from '../bench-targets.ts';
import type { Phase, PhaseContext, PhaseResult, TargetRun } from './phase.ts';
import { aggregateRun, measureSlice, warmUp } from './target-measurement.ts';
import { errorNotes } from './run-findings.ts';

const name = 'saturation';
/** Idle time after a step, so a backlog left by an overloaded step does not hit the next one. */
const settleMs = 1_000;

/**
 * The highest non-streamed rate the full stack (c) sustains: p99 (from the scheduled send)
 * under the limit, nearly all of the rate achieved, no errors. Steps up from the start
 * rate until a step fails, then bisects between the last pass and the first failure.
 */
export const saturationPhase: Phase = {
  name,
  estimatedSeconds: (s) => 6 * (Math.min(s.warmupS, 2) + s.saturationStepS) + 6,
  async run(context): Promise<PhaseResult> {
    const { settings } = context;
    const steps: TargetRun[] = [];
    let highestPass = 0;
    let lowestFail = Infinity;
    let rate = settings.saturationStartRate;
    while (rate <= settings.saturationMaxRate) {
      const step = await runStep(context, rate);
      steps.push(step);
      if (!stepPassed(step)) {
        lowestFail = rate;
        break;
      }
      highestPass = rate;
      rate += settings.saturationStepRate;
    }
    while (
      Number.isFinite(lowestFail) &&
      lowestFail - highestPass > settings.saturationResolution
    ) {
      const middle = Math.round((highestPass + lowestFail) / 2 / 100) * 100;
      if (middle <= highestPass || middle >= lowestFail) break;
      const step = await runStep(context, middle);
      steps.push(step);
      if (stepPassed(step)) highestPass = middle;
      else lowestFail = middle;
    }
    steps.sort((x, y) => x.ratePerSecond - y.ratePerSecond);
    const loadGeneratorBusiest = Math.max(
      ...steps.map((s) => (s.cpuMs['load-generator'] ?? 0) / s.wallSeconds / 10),
    );
    return {
      name,
      title: `Saturation search, non-streamed full stack (c): p99 < ${saturationStep.maxP99Ms} ms, ≥ ${saturationStep.minAchievedFraction * 100}% of the rate, no errors`,
      runs: steps,
      findings: [
        {
          label: 'saturation rate (highest sustained)',
          value: highestPass,
          unit: 'req/s',
          criterion: acceptanceCriteria.saturationPerSecond,
          note: Number.isFinite(lowestFail)
            ? `first failing rate ${lowestFail}`
            : `no step failed up to ${settings.saturationMaxRate}`,
        },
      ],
      notes: [
        `the load generator used up to ${loadGeneratorBusiest.toFixed(0)}% of one core; near 100% it, not the gateway, limits the rate`,
        ...errorNotes(steps),
      ],
    };
  },
};

async function runStep(context: PhaseContext, ratePerSecond: number): Promise<TargetRun> {
  const { settings, stack } = context;
  const { key, label, target } = fullStack(stack, settings, false);
  context.progress(`[${name}] ${ratePerSecond} req/s for ${settings.saturationStepS} s`);
  await warmUp(context, label, target, ratePerSecond, Math.min(settings.warmupS, 2)).catch(
    (error: unknown) => {
      context.progress(`  warm-up at ${ratePerSecond} req/s failed: ${(error as Error).message}`);
    },
  );
  const slice = await measureSlice(context, target, ratePerSecond, settings.saturationStepS * 1000);
  const run = aggregateRun({ key, label: `${label} @${ratePerSecond}` }, ratePerSecond, [slice]);
  run.verdict = stepPassed(run) ? 'sustained' : stepFailure(run);
  context.progress(
    `  achieved ${run.achievedPerSecond.toFixed(0)} req/s, p99 ${run.latency.p99.toFixed(2)} ms, errors ${run.errorCount}: ${run.verdict}`,
  );
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return run;
}

function stepPassed(run: TargetRun): boolean {
  return stepFailure(run) === '';
}

/** Why a step does not count as sustained, or '' if it does. */
function stepFailure(run: TargetRun): string {
  const reasons: string[] = [];
  if (run.errorCount > saturationStep.maxErrors) reasons.push(`${run.errorCount} errors`);
  if (!(run.latency.p99 < saturationStep.maxP99Ms))
    reasons.push(`p99 ≥ ${saturationStep.maxP99Ms} ms`);
  if (run.achievedPerSecond < saturationStep.minAchievedFraction * run.ratePerSecond)
    reasons.push('rate not achieved');
  return reasons.join(', ');
}
