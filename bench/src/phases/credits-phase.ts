import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { fullStack, fullStackWithoutCredits } from '../bench-targets.ts';
import type { Finding, Phase, PhaseResult, TargetRun } from './phase.ts';
import { runInterleaved } from './interleaved-comparison.ts';
import { errorNotes } from './run-findings.ts';

const name = 'credits';

/**
 * What the credit economy costs: (c) the full stack with reservation, rate limits and
 * settlement against (d) the same worker behind an ingress with INGRESS_CREDITS=off,
 * interleaved at the reference rate, non-streamed.
 */
export const creditsPhase: Phase = {
  name,
  estimatedSeconds: (s) => 2 * (s.warmupS + s.durationS) + 2,
  async run(context): Promise<PhaseResult> {
    const { settings, stack } = context;
    const { runs, notes } = await runInterleaved(
      context,
      name,
      [fullStack(stack, settings, false), fullStackWithoutCredits(stack, settings, false)],
      settings.ratePerSecond,
    );
    const [c, d] = runs as [TargetRun, TargetRun];
    return {
      name,
      title: `Credits on (c) and off (d), non-streamed at ${settings.ratePerSecond} req/s, interleaved`,
      runs: [c, d],
      findings: creditsFindings(c, d),
      notes: [...notes, ...errorNotes(runs)],
    };
  },
};

function creditsFindings(c: TargetRun, d: TargetRun): Finding[] {
  const cpuOn = (c.cpuMsPerRequest.ingress ?? NaN) + (c.cpuMsPerRequest.worker ?? NaN);
  const cpuOff =
    (d.cpuMsPerRequest['ingress-credits-off'] ?? NaN) + (d.cpuMsPerRequest.worker ?? NaN);
  return [
    {
      label: 'credits added c − d, p50',
      value: c.service.p50 - d.service.p50,
      unit: 'ms',
      criterion: acceptanceCriteria.creditsAddedP50Ms,
    },
    {
      label: 'credits added c − d, p99',
      value: c.service.p99 - d.service.p99,
      unit: 'ms',
      criterion: acceptanceCriteria.creditsAddedP99Ms,
    },
    { label: 'CPU per request, ingress + worker, credits on', value: cpuOn, unit: 'ms CPU' },
    { label: 'CPU per request, ingress + worker, credits off', value: cpuOff, unit: 'ms CPU' },
    {
      label: 'credits CPU per request c − d',
      value: cpuOn - cpuOff,
      unit: 'ms CPU',
      criterion: acceptanceCriteria.creditsCpuMsPerRequest,
    },
    {
      label: 'CPU per request, ledger (c)',
      value: c.cpuMsPerRequest.ledger ?? NaN,
      unit: 'ms CPU',
      note: 'off the request path: writes the usage',
    },
  ];
}
