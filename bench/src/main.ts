/**
 * `npm run bench`: starts the stack as separate processes, measures it against its
 * references phase by phase, prints the report on stdout and writes bench/results/*.json.
 * Progress goes to stderr. README.md explains every number.
 */
import { cpus, loadavg } from 'node:os';
import { benchSettingsFromEnv } from './bench-settings.ts';
import { LoadGeneratorProcess } from './load/load-generator-process.ts';
import type { PhaseContext, PhaseResult } from './phases/phase.ts';
import { selectPhases } from './phases/phase-list.ts';
import { warmUpStack } from './phases/stack-warm-up.ts';
import { renderReport } from './report/report-table.ts';
import { gcPauseNote } from './report/gc-pauses.ts';
import { writeResultsFile } from './report/results-file.ts';
import { startStack, type RunningStack } from './stack/stack-processes.ts';

const progress = (line: string) => process.stderr.write(`${line}\n`);
const startedAt = new Date();
const settings = benchSettingsFromEnv();
const phases = selectPhases(settings.phases);

let stack: RunningStack | undefined;
let loadGenerator: LoadGeneratorProcess | undefined;
let stopping: Promise<void> | undefined;
/** Stops every child process once, whichever of success, failure or Ctrl-C gets here first. */
const stopAll = () =>
  (stopping ??= (async () => {
    await loadGenerator?.stop();
    await stack?.stop();
  })());

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`\n${signal}: stopping the benchmark's processes…`);
    void stopAll().finally(() => process.exit(130));
  });
}

const estimate = phases.reduce(
  (total, phase) => total + phase.estimatedSeconds(settings),
  10 + settings.stackWarmupS,
);
progress(
  `alfred bench: phases ${phases.map((p) => p.name).join(', ')}; ${settings.durationS} s per target, ` +
    `${settings.ratePerSecond} req/s, ${cpus().length} CPUs; about ${Math.ceil(estimate / 60)} min`,
);

const loadAtStart = loadavg()[0]!;
const results: PhaseResult[] = [];
const gcNotes: string[] = [];
let failure: string | undefined;
try {
  stack = await startStack(settings, progress);
  loadGenerator = await LoadGeneratorProcess.start();
  const context: PhaseContext = {
    settings,
    stack,
    loadGenerator,
    cpuProcesses: { ...stack.pids, 'load-generator': loadGenerator.pid },
    progress,
  };
  await warmUpStack(context);
  for (const phase of phases) results.push(await phase.run(context));
  gcNotes.push(
    await gcPauseNote('ingress', stack.metricsUrls.ingress),
    await gcPauseNote('worker', stack.metricsUrls.worker),
  );
} catch (error) {
  failure = (error as Error).message;
  process.exitCode = 1;
} finally {
  await stopAll();
}

const circumstances = [
  `alfred bench ${startedAt.toISOString()}: ${settings.durationS} s per target, slices of ${settings.sliceS} s, ` +
    `warm-up ${settings.stackWarmupS} s + ${settings.warmupS} s per target, upstream ${settings.upstreamUrl ?? 'fake (0 ms, unpaced streams)'}`,
  `machine: ${cpus().length} CPUs, load average ${loadAtStart.toFixed(2)} at start, ${loadavg()[0]!.toFixed(2)} at end ` +
    '(other work on the machine slows every target; interleaving spreads it evenly)',
  'latencies in ms from the scheduled send; "svc" from the actual send; derived numbers use svc; ' +
    'CPU ms/req = ingress + worker',
];
if (results.length > 0) {
  process.stdout.write(`\n${renderReport(circumstances, results)}\n`);
  if (gcNotes.length > 0) process.stdout.write(`\n${gcNotes.join('\n')}\n`);
}
if (failure) progress(`\nbenchmark failed: ${failure}`);
if (results.length > 0) {
  const path = await writeResultsFile(startedAt, settings, results, failure);
  progress(`\nresults written to ${path}`);
}
