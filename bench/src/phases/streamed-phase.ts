import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { emptySummary } from '../latency-stats.ts';
import { fullStack, upstreamDirect } from '../bench-targets.ts';
import type { Finding, Phase, PhaseResult, TargetRun } from './phase.ts';
import { runInterleaved } from './interleaved-comparison.ts';
import { cpuFindings, errorNotes, overheadHeaderFindings } from './run-findings.ts';

const name = 'streamed';

/**
 * Streamed chat completions at the reference rate, (a) direct vs (c) full stack,
 * interleaved: the time to the first SSE frame and to [DONE], with the upstream streaming
 * as fast as it can so that the gateway's share is what shows.
 */
export const streamedPhase: Phase = {
  name,
  estimatedSeconds: (s) => 2 * (s.warmupS + s.durationS) + 2,
  async run(context): Promise<PhaseResult> {
    const { settings, stack } = context;
    const { runs, notes } = await runInterleaved(
      context,
      name,
      [upstreamDirect(stack, settings, true), fullStack(stack, settings, true)],
      settings.streamRatePerSecond,
    );
    const [a, c] = runs as [TargetRun, TargetRun];
    const ttfbA = a.ttfbService ?? emptySummary;
    const ttfbC = c.ttfbService ?? emptySummary;
    const findings: Finding[] = [
      {
        label: 'stream TTFB overhead c − a, p50',
        value: ttfbC.p50 - ttfbA.p50,
        unit: 'ms',
        criterion: acceptanceCriteria.streamTtfbOverheadMs,
      },
      {
        label: 'stream TTFB overhead c − a, p99',
        value: ttfbC.p99 - ttfbA.p99,
        unit: 'ms',
        criterion: acceptanceCriteria.streamTtfbOverheadMs,
      },
      {
        label: 'stream total overhead c − a, p50',
        value: c.service.p50 - a.service.p50,
        unit: 'ms',
      },
      {
        label: 'stream total overhead c − a, p99',
        value: c.service.p99 - a.service.p99,
        unit: 'ms',
      },
    ];
    findings.push(...overheadHeaderFindings(c, ' (stream)'), ...cpuFindings(c, ' (stream)'));
    return {
      name,
      title: `Streamed chat completions at ${settings.streamRatePerSecond} req/s (a, c interleaved)`,
      runs: [a, c],
      findings,
      notes: [...notes, ...errorNotes(runs)],
    };
  },
};
