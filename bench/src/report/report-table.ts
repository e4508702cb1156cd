import {
  meets,
  stackCpuMsPerRequest,
  type Finding,
  type PhaseResult,
  type TargetRun,
} from '../phases/phase.ts';
import { fixed, renderTable, type Column } from './text-table.ts';

/**
 * The whole report as text: the run's circumstances, one block per phase, then every
 * judged finding with PASS/FAIL.
 */
export function renderReport(circumstances: string[], results: PhaseResult[]): string {
  const blocks = [circumstances.join('\n'), ...results.map(renderPhase)];
  const judged = results.flatMap((result) =>
    result.findings.filter((finding) => finding.criterion),
  );
  if (judged.length > 0) blocks.push(`== Acceptance ==\n${renderFindings(judged)}`);
  return blocks.join('\n\n');
}

function renderPhase(result: PhaseResult): string {
  const parts = [`== ${result.title} ==`, renderRuns(result.runs)];
  if (result.findings.length > 0) parts.push(renderFindings(result.findings));
  for (const note of result.notes) parts.push(`note: ${note}`);
  return parts.join('\n\n');
}

/** Stacked CPU of ingress and worker, shown for full-stack runs only (it is ~0 for the others). */
function stackCpuPerRequest(run: TargetRun): string {
  const cpu = stackCpuMsPerRequest(run);
  return cpu === undefined ? '-' : fixed(cpu, 3);
}

function renderRuns(runs: TargetRun[]): string {
  const isStream = runs.some((run) => run.ttfb);
  const hasVerdict = runs.some((run) => run.verdict !== undefined);
  const columns: Column[] = [
    { header: 'target', align: 'left' },
    { header: 'rate' },
    { header: 'achieved/s' },
    ...(isStream
      ? [
          { header: 'ttfb p50' },
          { header: 'ttfb p99' },
          { header: 'total p50' },
          { header: 'total p99' },
        ]
      : [{ header: 'p50' }, { header: 'p99' }]),
    { header: 'max' },
    ...(isStream
      ? [{ header: 'ttfb svc p50' }, { header: 'ttfb svc p99' }]
      : [{ header: 'svc p50' }, { header: 'svc p99' }]),
    { header: 'lag p99' },
    { header: 'errors' },
    { header: 'CPU ms/req' },
    ...(hasVerdict ? [{ header: 'verdict', align: 'left' as const }] : []),
  ];
  const rows = runs.map((run) => [
    run.label,
    String(run.ratePerSecond),
    fixed(run.achievedPerSecond, 0),
    ...(isStream
      ? [fixed(run.ttfb?.p50), fixed(run.ttfb?.p99), fixed(run.latency.p50), fixed(run.latency.p99)]
      : [fixed(run.latency.p50), fixed(run.latency.p99)]),
    fixed(run.latency.max),
    ...(isStream
      ? [fixed(run.ttfbService?.p50), fixed(run.ttfbService?.p99)]
      : [fixed(run.service.p50), fixed(run.service.p99)]),
    fixed(run.sendLag.p99),
    String(run.errorCount),
    stackCpuPerRequest(run),
    ...(hasVerdict ? [run.verdict ?? ''] : []),
  ]);
  return renderTable(columns, rows);
}

function renderFindings(findings: Finding[]): string {
  const columns: Column[] = [
    { header: 'derived', align: 'left' },
    { header: 'value' },
    { header: 'target', align: 'left' },
    { header: 'result', align: 'left' },
    { header: '', align: 'left' },
  ];
  const rows = findings.map((finding) => {
    const digits = finding.unit === 'req/s' ? 0 : 3;
    const value = `${fixed(finding.value, digits)} ${finding.unit}`;
    const criterion = finding.criterion;
    return [
      finding.label,
      value,
      criterion
        ? `${criterion.comparison === 'at most' ? '≤' : '≥'} ${criterion.limit} ${finding.unit}`
        : '',
      criterion ? (meets(finding.value, criterion) ? 'PASS' : 'FAIL') : '',
      finding.note ?? '',
    ];
  });
  return renderTable(columns, rows);
}
