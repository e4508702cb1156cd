import { cpuSnapshot, cpuSpent } from '../cpu-usage.ts';
import { concatSamples, summarizeLatencies } from '../latency-stats.ts';
import { totalErrors, type LoadResult, type LoadTarget } from '../load/load-job.ts';
import type { PhaseContext, TargetRun } from './phase.ts';

/** One slice of load on one target, with the CPU the measured processes spent meanwhile. */
export interface SliceMeasurement {
  result: LoadResult;
  cpuMs: Record<string, number>;
}

export async function measureSlice(
  context: PhaseContext,
  target: LoadTarget,
  ratePerSecond: number,
  durationMs: number,
): Promise<SliceMeasurement> {
  const before = cpuSnapshot(context.cpuProcesses);
  const result = await context.loadGenerator.run({
    target,
    ratePerSecond,
    durationMs,
    timeoutMs: context.settings.requestTimeoutMs,
  });
  const cpuMs = cpuSpent(before, cpuSnapshot(context.cpuProcesses));
  context.stack.checkAlive();
  return { result, cpuMs };
}

/**
 * Load at the rate for the warm-up time, results discarded: JIT, connection pools and
 * caches settle first. A target that cannot answer a single request stops the run here.
 */
export async function warmUp(
  context: PhaseContext,
  label: string,
  target: LoadTarget,
  ratePerSecond: number,
  seconds: number,
): Promise<void> {
  if (seconds <= 0) return;
  const { result } = await measureSlice(context, target, ratePerSecond, seconds * 1000);
  if (result.ok === 0) {
    throw new Error(`${label}: no request succeeded during warm-up; ${describeErrors(result)}`);
  }
  if (totalErrors(result) > 0)
    context.progress(`  warning: ${label} warm-up had errors; ${describeErrors(result)}`);
}

function describeErrors(result: LoadResult): string {
  return `errors ${JSON.stringify(result.errors)}, e.g.:\n    ${result.errorSamples.join('\n    ')}`;
}

/** Joins the slices of one target into one run: percentiles over all samples, sums of counts. */
export function aggregateRun(
  { key, label }: Pick<TargetRun, 'key' | 'label'>,
  ratePerSecond: number,
  slices: SliceMeasurement[],
): TargetRun {
  const results = slices.map((slice) => slice.result);
  const latency = concatSamples(results.map((r) => r.latencyMs));
  const lag = concatSamples(results.map((r) => r.sendLagMs));
  const ttfb = concatSamples(results.map((r) => r.ttfbMs));
  const overheadHeader = concatSamples(results.map((r) => r.overheadHeaderMs));
  const sum = (pick: (r: LoadResult) => number) => results.reduce((total, r) => total + pick(r), 0);

  const errors: Record<string, number> = {};
  for (const result of results) {
    for (const [reason, count] of Object.entries(result.errors))
      errors[reason] = (errors[reason] ?? 0) + count;
  }
  const cpuMs: Record<string, number> = {};
  for (const slice of slices) {
    for (const [name, ms] of Object.entries(slice.cpuMs)) cpuMs[name] = (cpuMs[name] ?? 0) + ms;
  }
  const sent = sum((r) => r.sent);
  const wallSeconds = sum((r) => r.elapsedMs) / 1000;
  const isStream = ttfb.length > 0;
  return {
    key,
    label,
    ratePerSecond,
    measuredSeconds: sum((r) => r.scheduled) / ratePerSecond,
    scheduled: sum((r) => r.scheduled),
    sent,
    ok: sum((r) => r.ok),
    errorCount: sum(totalErrors),
    errors,
    errorSamples: results.flatMap((r) => r.errorSamples).slice(0, 5),
    achievedPerSecond: wallSeconds > 0 ? sum((r) => r.ok) / wallSeconds : 0,
    latency: summarizeLatencies(latency),
    service: summarizeLatencies(latency.map((value, i) => value - lag[i]!)),
    ttfb: isStream ? summarizeLatencies(ttfb) : undefined,
    ttfbService: isStream ? summarizeLatencies(ttfb.map((value, i) => value - lag[i]!)) : undefined,
    sendLag: summarizeLatencies(lag),
    overheadHeader: overheadHeader.length > 0 ? summarizeLatencies(overheadHeader) : undefined,
    cpuMs,
    cpuMsPerRequest: Object.fromEntries(
      Object.entries(cpuMs).map(([name, ms]) => [name, sent > 0 ? ms / sent : NaN]),
    ),
    wallSeconds,
    sliceP99Ms: results.map((r) => summarizeLatencies(r.latencyMs).p99),
  };
}
