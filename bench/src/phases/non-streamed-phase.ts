import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { fullStack, natsEcho, upstreamDirect } from '../bench-targets.ts';
import type { Finding, Phase, PhaseResult, TargetRun } from './phase.ts';
import { runInterleaved } from './interleaved-comparison.ts';
import { cpuFindings, errorNotes, overheadHeaderFindings } from './run-findings.ts';

const name = 'non-streamed';

/**
 * Non-streamed chat completions at the reference rate: (a) upstream direct, (b) NATS echo,
 * (c) full stack, interleaved. Yields the latency the gateway adds beyond one NATS round
 * trip, and the CPU ingress and worker spend per request.
 */
export const nonStreamedPhase: Phase = {
  name,
  estimatedSeconds: (s) => 3 * (s.warmupS + s.durationS) + 2,
  async run(context): Promise<PhaseResult> {
    const { settings, stack } = context;
    const { runs, notes } = await runInterleaved(
      context,
      name,
      [
        upstreamDirect(stack, settings, false),
        natsEcho(stack, settings),
        fullStack(stack, settings, false),
      ],
      settings.ratePerSecond,
    );
    const [a, b, c] = runs as [TargetRun, TargetRun, TargetRun];
    return {
      name,
      title: `Non-streamed chat completions at ${settings.ratePerSecond} req/s (a, b, c interleaved)`,
      runs: [a, b, c],
      findings: [
        ...latencyFindings(a, b, c),
        ...cpuFindings(c, '', acceptanceCriteria.cpuMsPerRequest),
        ...referenceCpuFindings(a, b),
      ],
      notes: [...notes, ...errorNotes(runs)],
    };
  },
};

function latencyFindings(a: TargetRun, b: TargetRun, c: TargetRun): Finding[] {
  const overheadP50 = c.service.p50 - a.service.p50;
  const overheadP99 = c.service.p99 - a.service.p99;
  const findings: Finding[] = [
    { label: 'overhead c − a, p50', value: overheadP50, unit: 'ms' },
    { label: 'overhead c − a, p99', value: overheadP99, unit: 'ms' },
    { label: 'NATS floor b, p50', value: b.service.p50, unit: 'ms' },
    { label: 'NATS floor b, p99', value: b.service.p99, unit: 'ms' },
    {
      label: 'added beyond NATS floor (c − a) − b, p50',
      value: overheadP50 - b.service.p50,
      unit: 'ms',
      criterion: acceptanceCriteria.addedLatencyP50Ms,
    },
    {
      label: 'added beyond NATS floor (c − a) − b, p99',
      value: overheadP99 - b.service.p99,
      unit: 'ms',
      criterion: acceptanceCriteria.addedLatencyP99Ms,
    },
  ];
  findings.push(...overheadHeaderFindings(c, ''));
  return findings;
}

/**
 * CPU per request of the reference processes, to read the stack's against: the echo does
 * one NATS receive and reply, the fake upstream one HTTP exchange with a JSON answer.
 */
function referenceCpuFindings(a: TargetRun, b: TargetRun): Finding[] {
  const findings: Finding[] = [
    {
      label: 'CPU per request, NATS echo responder (b)',
      value: b.cpuMsPerRequest['nats-echo'] ?? NaN,
      unit: 'ms CPU',
      note: 'one NATS receive + reply',
    },
  ];
  const upstream = a.cpuMsPerRequest['fake-upstream'];
  if (upstream !== undefined) {
    findings.push({
      label: 'CPU per request, fake upstream (a)',
      value: upstream,
      unit: 'ms CPU',
      note: 'one HTTP exchange',
    });
  }
  return findings;
}
