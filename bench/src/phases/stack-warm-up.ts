import { fullStack } from '../bench-targets.ts';
import type { PhaseContext } from './phase.ts';
import { warmUp } from './target-measurement.ts';

/**
 * Runs non-streamed load through the full stack before any phase measures, results
 * discarded. Freshly started, ingress and the worker show p99s of 50–130 ms for the first
 * ~15 s at 1,000 req/s, falling slice by slice as the processes warm up; the per-target
 * warm-up is too short to absorb that, and the first phase would measure a cold stack.
 */
export async function warmUpStack(context: PhaseContext): Promise<void> {
  const { settings, stack } = context;
  if (settings.stackWarmupS <= 0) return;
  const { label, target } = fullStack(stack, settings, false);
  context.progress(
    `warming up the stack: ${settings.stackWarmupS} s at ${settings.ratePerSecond} req/s`,
  );
  await warmUp(context, label, target, settings.ratePerSecond, settings.stackWarmupS);
}
