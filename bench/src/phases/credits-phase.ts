import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { fullStack, fullStackMetered, fullStackWithoutCredits } from '../bench-targets.ts';
import {
  stackCpuMsPerRequest,
  type Finding,
  type Phase,
  type PhaseResult,
  type TargetRun,
} from './phase.ts';
import { runInterleaved } from './interleaved-comparison.ts';
import { errorNotes } from './run-findings.ts';

const name = 'credits';

/**
 * What the credit economy costs, non-streamed at the reference rate, interleaved: (c) the
 * full stack with reservation, rate limits and settlement; (m) the same worker behind an
 * ingress with INGRESS_CREDITS=meter, whose usage is priced, published and written by the
 * ledger like c's but which reserves, limits and settles nothing; (d) one with
 * INGRESS_CREDITS=off, no economy at all. The figures are c − m, "reservation +
 * rate limiting + settlement ... with them switched off"; c − d adds usage recording.
 */
export const creditsPhase: Phase = {
  name,
  estimatedSeconds: (s) => 3 * (s.warmupS + s.durationS) + 2,
  async run(context): Promise<PhaseResult> {
    const { settings, stack } = context;
    const { runs, notes } = await runInterleaved(
      context,
      name,
      [
        fullStack(stack, settings, false),
        fullStackMetered(stack, settings),
        fullStackWithoutCredits(stack, settings),
      ],
      settings.ratePerSecond,
    );
    const [c, m, d] = runs as [TargetRun, TargetRun, TargetRun];
    return {
      name,
      title: `Credits on (c), metered (m) and off (d), non-streamed at ${settings.ratePerSecond} req/s, interleaved`,
      runs: [c, m, d],
      findings: creditsFindings(c, m, d),
      notes: [...notes, ...errorNotes(runs)],
    };
  },
};

function creditsFindings(c: TargetRun, m: TargetRun, d: TargetRun): Finding[] {
  const cpuOn = stackCpuMsPerRequest(c) ?? NaN;
  const cpuMetered = stackCpuMsPerRequest(m) ?? NaN;
  const cpuOff = stackCpuMsPerRequest(d) ?? NaN;
  return [
    {
      label: 'reservation + limits + settlement c − m, p50',
      value: c.service.p50 - m.service.p50,
      unit: 'ms',
      criterion: acceptanceCriteria.creditsAddedP50Ms,
    },
    {
      label: 'reservation + limits + settlement c − m, p99',
      value: c.service.p99 - m.service.p99,
      unit: 'ms',
      criterion: acceptanceCriteria.creditsAddedP99Ms,
    },
    {
      label: 'reservation + limits + settlement c − m, CPU',
      value: cpuOn - cpuMetered,
      unit: 'ms CPU',
      criterion: acceptanceCriteria.creditsCpuMsPerRequest,
    },
    { label: 'CPU per request, ingress + worker: c on', value: cpuOn, unit: 'ms CPU' },
    { label: 'CPU per request, ingress + worker: m metered', value: cpuMetered, unit: 'ms CPU' },
    { label: 'CPU per request, ingress + worker: d off', value: cpuOff, unit: 'ms CPU' },
    {
      label: 'whole economy c − d, p50',
      value: c.service.p50 - d.service.p50,
      unit: 'ms',
      note: 'usage events and their ledger included',
    },
    { label: 'whole economy c − d, p99', value: c.service.p99 - d.service.p99, unit: 'ms' },
    { label: 'whole economy c − d, CPU', value: cpuOn - cpuOff, unit: 'ms CPU' },
    {
      label: 'CPU per request, ledger (c, m)',
      value: ((c.cpuMsPerRequest.ledger ?? NaN) + (m.cpuMsPerRequest.ledger ?? NaN)) / 2,
      unit: 'ms CPU',
      note: 'off the request path: writes the usage',
    },
  ];
}
