import { acceptanceCriteria } from '../acceptance-criteria.ts';
import { fullStack, fullStackCacheHit, natsEcho } from '../bench-targets.ts';
import type { Phase, PhaseResult, TargetRun } from './phase.ts';
import { runInterleaved } from './interleaved-comparison.ts';
import { errorNotes } from './run-findings.ts';

const name = 'cache';

/**
 * Exact-cache hits through the whole stack (e) against the bare NATS round trip (b) and the
 * uncached full stack (c), interleaved at the reference rate: what a hit costs beyond the
 * floor any request through the gateway pays.
 */
export const cachePhase: Phase = {
  name,
  estimatedSeconds: (s) => 3 * (s.warmupS + s.durationS) + 2,
  async run(context): Promise<PhaseResult> {
    const { settings, stack } = context;
    const { runs, notes } = await runInterleaved(
      context,
      name,
      [
        natsEcho(stack, settings),
        fullStack(stack, settings, false),
        fullStackCacheHit(stack, settings),
      ],
      settings.ratePerSecond,
    );
    const [b, c, e] = runs as [TargetRun, TargetRun, TargetRun];
    return {
      name,
      title: `Exact-cache hits (e) against the NATS floor (b) and the uncached stack (c), ${settings.ratePerSecond} req/s`,
      runs: [b, c, e],
      findings: [
        { label: 'cache hit e − b, p50', value: e.service.p50 - b.service.p50, unit: 'ms' },
        {
          label: 'cache hit e − b, p99',
          value: e.service.p99 - b.service.p99,
          unit: 'ms',
          criterion: acceptanceCriteria.cacheHitAddedP99Ms,
        },
        {
          label: 'cache hit vs provider call e − c, p50',
          value: e.service.p50 - c.service.p50,
          unit: 'ms',
        },
      ],
      notes: [...notes, ...errorNotes(runs)],
    };
  },
};
