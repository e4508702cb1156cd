import { resolve } from 'node:path';
import { defaultDatabaseUrl } from '@alfred/database';

/** Everything a run can be tuned with; bench/README.md documents each variable. */
export interface BenchSettings {
  /** Measured seconds per target in each phase (warm-up not included). */
  durationS: number;
  /** Constant request rate of the reference comparisons. */
  ratePerSecond: number;
  /** The same for the streamed comparison (streams cost the stack more per request). */
  streamRatePerSecond: number;
  /** Seconds at the rate before measuring a target, discarded. */
  warmupS: number;
  /**
   * Seconds of full-stack load at the start of the run, discarded: ingress and the worker
   * need far longer than the per-target warm-up before their JIT-compiled code settles.
   */
  stackWarmupS: number;
  /** Length of one interleaved slice: targets take turns slice by slice. */
  sliceS: number;
  /** Measured seconds of one saturation step. */
  saturationStepS: number;
  /** First rate, increment and upper bound of the saturation search. */
  saturationStartRate: number;
  saturationStepRate: number;
  saturationMaxRate: number;
  /** The search stops refining once the passing and failing rates are this close. */
  saturationResolution: number;
  /** Phases to run, by name; empty = all. */
  phases: string[];
  workerConcurrency: number;
  /** max_tokens of the benchmark's chat request (answer length, stream chunk count). */
  maxTokens: number;
  model: string;
  /** An external OpenAI-compatible base URL (…/v1) instead of the fake upstream. */
  upstreamUrl: string | undefined;
  upstreamApiKey: string | undefined;
  natsUrl: string;
  databaseUrl: string;
  /** An answer slower than this is an error. */
  requestTimeoutMs: number;
  /** Pool sizes the scaling phase measures, in order (workers are added, never removed). */
  scalingWorkerCounts: number[];
  /** Measured seconds per pool size. */
  scalingStepS: number;
  /** The scaling phase's upstream latency and per-worker concurrency. */
  scalingUpstreamLatencyMs: number;
  scalingWorkerConcurrency: number;
  /** If set, ingress and the worker write V8 CPU profiles (.cpuprofile) here when they stop. */
  cpuProfileDir: string | undefined;
}

function numberFrom(env: NodeJS.ProcessEnv, name: string, fallback: number, minimum = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < minimum)
    throw new Error(`${name} must be a number ≥ ${minimum}, got '${raw}'`);
  return value;
}

function workerCounts(raw: string): number[] {
  const counts = raw.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_SCALING_WORKERS must list positive integers (e.g. 1,2,4), got '${raw}'`);
  }
  return [...counts].sort((a, b) => a - b);
}

export function benchSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const durationS = numberFrom(env, 'BENCH_DURATION_S', 30, 0.5);
  const ratePerSecond = numberFrom(env, 'BENCH_RATE', 1000, 1);
  const upstreamUrl = env.BENCH_UPSTREAM_URL?.replace(/\/+$/, '') || undefined;
  return {
    durationS,
    ratePerSecond,
    streamRatePerSecond: numberFrom(env, 'BENCH_STREAM_RATE', ratePerSecond, 1),
    warmupS: numberFrom(env, 'BENCH_WARMUP_S', 3),
    stackWarmupS: numberFrom(env, 'BENCH_STACK_WARMUP_S', 15),
    sliceS: numberFrom(env, 'BENCH_SLICE_S', 2, 0.25),
    saturationStepS: numberFrom(env, 'BENCH_SATURATION_STEP_S', Math.max(2, durationS / 3), 0.5),
    saturationStartRate: numberFrom(env, 'BENCH_SATURATION_START', 1000, 1),
    saturationStepRate: numberFrom(env, 'BENCH_SATURATION_STEP', 1000, 1),
    saturationMaxRate: numberFrom(env, 'BENCH_SATURATION_MAX', 12_000, 1),
    saturationResolution: numberFrom(env, 'BENCH_SATURATION_RESOLUTION', 500, 1),
    phases: (env.BENCH_PHASES ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
    workerConcurrency: numberFrom(env, 'BENCH_WORKER_CONCURRENCY', 256, 1),
    maxTokens: numberFrom(env, 'BENCH_MAX_TOKENS', 32, 1),
    model: env.BENCH_MODEL || 'gpt-4o-mini',
    upstreamUrl,
    upstreamApiKey: env.BENCH_UPSTREAM_API_KEY || undefined,
    natsUrl: env.NATS_URL || 'nats://127.0.0.1:4222',
    databaseUrl: env.DATABASE_URL || defaultDatabaseUrl,
    requestTimeoutMs: numberFrom(env, 'BENCH_REQUEST_TIMEOUT_MS', 10_000, 1),
    scalingWorkerCounts: workerCounts(env.BENCH_SCALING_WORKERS ?? '1,2,4'),
    scalingStepS: numberFrom(env, 'BENCH_SCALING_STEP_S', Math.max(5, durationS / 3), 1),
    scalingUpstreamLatencyMs: numberFrom(env, 'BENCH_SCALING_LATENCY_MS', 100, 0),
    scalingWorkerConcurrency: numberFrom(env, 'BENCH_SCALING_CONCURRENCY', 32, 1),
    cpuProfileDir: env.BENCH_CPU_PROFILE_DIR ? resolve(env.BENCH_CPU_PROFILE_DIR) : undefined,
  };
}
