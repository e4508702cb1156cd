import type { LabeledTarget } from '../bench-targets.ts';
import type { BenchSettings } from '../bench-settings.ts';
import type { LatencySummary } from '../latency-stats.ts';
import type { LoadGeneratorProcess } from '../load/load-generator-process.ts';
import type { RunningStack } from '../stack/stack-processes.ts';

/** What every phase gets to work with. */
export interface PhaseContext {
  settings: BenchSettings;
  stack: RunningStack;
  loadGenerator: LoadGeneratorProcess;
  /** Processes whose CPU time is read around every measured slice, by name. */
  cpuProcesses: Record<string, number>;
  /** Progress, on stderr: stdout is kept for the report. */
  progress(line: string): void;
}

/**
 * One part of the benchmark. main.ts runs the phases of phase-list.ts in order; adding a
 * comparison (reservation on/off, more workers…) is adding a Phase there.
 */
export interface Phase {
  /** Short name, for BENCH_PHASES and the JSON. */
  name: string;
  /** Rough wall-clock seconds with these settings, for the start banner. */
  estimatedSeconds(settings: BenchSettings): number;
  run(context: PhaseContext): Promise<PhaseResult>;
}

/** Everything measured for one target at one rate, over all of its slices. */
export interface TargetRun {
  /** Which reference or the system under test (see bench-targets.ts). */
  key: LabeledTarget['key'];
  label: string;
  ratePerSecond: number;
  /** Scheduled seconds of load (warm-up excluded). */
  measuredSeconds: number;
  scheduled: number;
  sent: number;
  ok: number;
  errorCount: number;
  errors: Record<string, number>;
  errorSamples: string[];
  /** Successful answers per second of wall time (first send → last answer). */
  achievedPerSecond: number;
  /** Scheduled send → complete answer. */
  latency: LatencySummary;
  /** Actual send → complete answer (latency without the load generator's timer lag). */
  service: LatencySummary;
  /** Scheduled send → first SSE frame; streams only. */
  ttfb: LatencySummary | undefined;
  /** Actual send → first SSE frame; streams only. */
  ttfbService: LatencySummary | undefined;
  /** How late the load generator sent requests after they were due. */
  sendLag: LatencySummary;
  /** ingress's own `x-alfred-overhead-ms` header, when present. */
  overheadHeader: LatencySummary | undefined;
  /** CPU milliseconds each measured process spent during this target's slices. */
  cpuMs: Record<string, number>;
  /** cpuMs divided by the requests sent. */
  cpuMsPerRequest: Record<string, number>;
  /** Wall seconds of this target's slices, to turn CPU time into utilisation. */
  wallSeconds: number;
  /** p99 latency of each slice in the order measured: shows whether a tail is one bad moment. */
  sliceP99Ms: number[];
  /** A phase's own judgement of this run (e.g. a saturation step passed or not). */
  verdict?: string;
}

/** A number derived from the runs; judged if an acceptance criterion applies to it. */
export interface Finding {
  label: string;
  value: number;
  unit: 'ms' | 'req/s' | 'ms CPU' | '×';
  criterion?: Criterion;
  note?: string;
}

export interface Criterion {
  comparison: 'at most' | 'at least';
  limit: number;
}

export interface PhaseResult {
  name: string;
  title: string;
  runs: TargetRun[];
  findings: Finding[];
  notes: string[];
}

export function meets(value: number, criterion: Criterion): boolean {
  if (!Number.isFinite(value)) return false;
  return criterion.comparison === 'at most' ? value <= criterion.limit : value >= criterion.limit;
}

/** The ingress process a full-stack target goes through, by target key. */
const ingressProcessOf: Record<string, string> = {
  c: 'ingress',
  e: 'ingress',
  m: 'ingress-metered',
  d: 'ingress-credits-off',
};

/**
 * CPU per request of the run's own ingress process and the worker, or undefined for a
 * target that does not go through the full stack.
 */
export function stackCpuMsPerRequest(run: TargetRun): number | undefined {
  const ingress = ingressProcessOf[run.key];
  if (!ingress) return undefined;
  return (run.cpuMsPerRequest[ingress] ?? NaN) + (run.cpuMsPerRequest.worker ?? NaN);
}
