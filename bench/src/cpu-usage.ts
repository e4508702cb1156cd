import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time a process has used so far, in milliseconds, from /proc (Linux only).
 *
 * /proc/<pid>/schedstat alone counts only the main thread, and /proc/<pid>/stat counts
 * every thread but in 10 ms ticks. Node's GC helpers and libuv pool are long-lived threads,
 * so summing /proc/<pid>/task/<tid>/schedstat (nanoseconds) gives all of it, precisely.
 * If schedstat is missing (kernel without it), the tick counts of /proc/<pid>/stat are used.
 */
export function cpuTimeMs(pid: number): number {
  try {
    let nanoseconds = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        nanoseconds += Number(
          readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0],
        );
      } catch {
        // the thread ended between listing and reading: its time is lost either way
      }
    }
    if (nanoseconds > 0) return nanoseconds / 1e6;
  } catch {
    // fall through to /proc/<pid>/stat
  }
  return cpuTimeFromStatMs(pid);
}

/** Clock ticks per second of /proc/<pid>/stat (`getconf CLK_TCK`), 100 on Linux. */
const clockTicksPerSecond = 100;

export function cpuTimeFromStatMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / clockTicksPerSecond;
}

/** CPU milliseconds of several named processes, read together. */
export function cpuSnapshot(processes: Record<string, number>): Record<string, number> {
  const snapshot: Record<string, number> = {};
  for (const [name, pid] of Object.entries(processes)) snapshot[name] = cpuTimeMs(pid);
  return snapshot;
}

export function cpuSpent(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const spent: Record<string, number> = {};
  for (const [name, value] of Object.entries(after)) spent[name] = value - (before[name] ?? value);
  return spent;
}
