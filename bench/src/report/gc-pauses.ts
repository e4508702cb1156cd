/**
 * Garbage-collection pauses of a service over the run, read from the `nodejs_gc_duration_seconds`
 * histogram that every service exports: on a small machine they are where latency tails come from.
 */
export async function gcPauseNote(name: string, metricsUrl: string): Promise<string> {
  let text: string;
  try {
    text = await (await fetch(metricsUrl, { signal: AbortSignal.timeout(2_000) })).text();
  } catch (error) {
    return `${name}: GC pauses unknown (${(error as Error).message})`;
  }
  const parts: string[] = [];
  for (const kind of ['minor', 'major', 'incremental']) {
    const value = (suffix: string) =>
      Number(
        new RegExp(
          `^nodejs_gc_duration_seconds_${suffix}\\{[^}]*kind="${kind}"[^}]*\\} (\\S+)$`,
          'm',
        ).exec(text)?.[1] ?? NaN,
      );
    const count = value('count');
    if (!(count > 0)) continue;
    parts.push(`${kind} ${count} × ${((value('sum') * 1000) / count).toFixed(1)} ms`);
  }
  return `${name} GC pauses over the run: ${parts.join(', ') || 'none'}`;
}
