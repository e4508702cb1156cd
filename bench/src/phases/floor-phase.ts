import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { bareShape, fullStack, natsEcho, upstreamDirect } from '../bench-targets.ts';
import { startFloorStack } from '../stack/floor/floor-stack.ts';
import {
  stackCpuMsPerRequest,
  type Finding,
  type Phase,
  type PhaseResult,
  type TargetRun,
} from './phase.ts';
import { runInterleaved } from './interleaved-comparison.ts';
import { errorNotes } from './run-findings.ts';

const name = 'floor';

/**
 * How much of the full stack's cost is the shape the product owner fixed (HTTP in, a Redis
 * call, NATS to a worker, HTTP to the provider, a JetStream usage event, the reply out) on
 * this machine, and how much is the gateway's logic: (s) two processes doing only those
 * hops, against (c), with (a) and (b) as in `non-streamed`, interleaved at the rate.
 */
export const floorPhase: Phase = {
  name,
  estimatedSeconds: (s) => 4 * (s.warmupS + s.durationS) + 4,
  async run(context): Promise<PhaseResult> {
    const { settings, stack } = context;
    const floor = await startFloorStack(settings, stack.upstreamBaseUrl);
    try {
      const { runs, notes } = await runInterleaved(
        { ...context, cpuProcesses: { ...context.cpuProcesses, ...floor.pids } },
        name,
        [
          upstreamDirect(stack, settings, false),
          natsEcho(stack, settings),
          fullStack(stack, settings, false),
          bareShape(floor.url, settings),
        ],
        settings.ratePerSecond,
      );
      floor.checkAlive();
      const [a, b, c, s] = runs as [TargetRun, TargetRun, TargetRun, TargetRun];
      return {
        name,
        title: `The gateway's bare shape (s) against the full stack (c) at ${settings.ratePerSecond} req/s (a, b, c, s interleaved)`,
        runs: [a, b, c, s],
        findings: floorFindings(a, b, c, s),
        notes: [...notes, ...errorNotes(runs)],
      };
    } finally {
      await floor.stop();
    }
  },
};

function floorFindings(a: TargetRun, b: TargetRun, c: TargetRun, s: TargetRun): Finding[] {
  const added = (run: TargetRun, p: 'p50' | 'p99') => run.service[p] - a.service[p] - b.service[p];
  const cpuC = stackCpuMsPerRequest(c) ?? NaN;
  const cpuS =
    (s.cpuMsPerRequest['floor-ingress'] ?? NaN) + (s.cpuMsPerRequest['floor-worker'] ?? NaN);
  return [
    {
      label: 'bare shape: added beyond NATS floor (s − a) − b, p50',
      value: added(s, 'p50'),
      unit: 'ms',
      note: `target for c ≤ ${acceptanceCriteria.addedLatencyP50Ms.limit} ms`,
    },
    {
      label: 'bare shape: added beyond NATS floor (s − a) − b, p99',
      value: added(s, 'p99'),
      unit: 'ms',
      note: `target for c ≤ ${acceptanceCriteria.addedLatencyP99Ms.limit} ms`,
    },
    {
      label: 'full stack: added beyond NATS floor (c − a) − b, p50',
      value: added(c, 'p50'),
      unit: 'ms',
    },
    {
      label: 'full stack: added beyond NATS floor (c − a) − b, p99',
      value: added(c, 'p99'),
      unit: 'ms',
    },
    {
      label: 'bare shape: CPU per request, its ingress + worker',
      value: cpuS,
      unit: 'ms CPU',
      note: `target for c ≤ ${acceptanceCriteria.cpuMsPerRequest.limit} ms`,
    },
    { label: 'full stack: CPU per request, ingress + worker', value: cpuC, unit: 'ms CPU' },
    {
      label: "the gateway's logic: CPU c − s",
      value: cpuC - cpuS,
      unit: 'ms CPU',
      note: 'auth, validation, routing, billing, metrics, …',
    },
  ];
}
