/** Findings that several phases report the same way. */
import type { Finding, TargetRun } from './phase.ts';

/** CPU per request of ingress and worker during the full-stack slices. */
export function cpuFindings(
  c: TargetRun,
  suffix: string,
  criterion?: Finding['criterion'],
): Finding[] {
  const ingress = c.cpuMsPerRequest.ingress ?? NaN;
  const worker = c.cpuMsPerRequest.worker ?? NaN;
  return [
    { label: `CPU per request, ingress${suffix}`, value: ingress, unit: 'ms CPU' },
    { label: `CPU per request, worker${suffix}`, value: worker, unit: 'ms CPU' },
    {
      label: `CPU per request, ingress + worker${suffix}`,
      value: ingress + worker,
      unit: 'ms CPU',
      ...(criterion ? { criterion } : {}),
    },
  ];
}

export function errorNotes(runs: TargetRun[]): string[] {
  return runs
    .filter((run) => run.errorCount > 0)
    .map(
      (run) =>
        `${run.label}: ${run.errorCount} errors ${JSON.stringify(run.errors)}; first: ${run.errorSamples[0] ?? '?'}`,
    );
}

/** ingress's own overhead measure, the `x-alfred-overhead-ms` header, when it was sent. */
export function overheadHeaderFindings(c: TargetRun, suffix: string): Finding[] {
  if (!c.overheadHeader) return [];
  return [
    {
      label: `x-alfred-overhead-ms header${suffix}, p50`,
      value: c.overheadHeader.p50,
      unit: 'ms',
      note: "ingress's own measure",
    },
    { label: `x-alfred-overhead-ms header${suffix}, p99`, value: c.overheadHeader.p99, unit: 'ms' },
  ];
}
