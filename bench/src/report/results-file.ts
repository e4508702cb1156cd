import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchSettings } from '../bench-settings.ts';
import { meets, type PhaseResult } from '../phases/phase.ts';

const resultsDirectory = fileURLToPath(new URL('../../results/', import.meta.url));

/** Writes bench/results/<timestamp>.json (git-ignored) and returns its path. */
export async function writeResultsFile(
  startedAt: Date,
  settings: BenchSettings,
  results: PhaseResult[],
  failure: string | undefined,
): Promise<string> {
  await mkdir(resultsDirectory, { recursive: true });
  const path = join(resultsDirectory, `${startedAt.toISOString().replaceAll(':', '-')}.json`);
  const { upstreamApiKey, ...publicSettings } = settings;
  const document = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: {
      node: process.version,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? 'unknown',
      loadAverage: loadavg(),
    },
    settings: { ...publicSettings, upstreamApiKey: upstreamApiKey ? '(set)' : undefined },
    acceptance: results.flatMap((result) =>
      result.findings
        .filter((finding) => finding.criterion)
        .map((finding) => ({
          phase: result.name,
          label: finding.label,
          value: finding.value,
          unit: finding.unit,
          criterion: finding.criterion,
          pass: meets(finding.value, finding.criterion!),
        })),
    ),
    phases: results,
    failure,
  };
  await writeFile(path, `${JSON.stringify(document, null, 2)}\n`);
  return path;
}
