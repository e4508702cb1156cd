/**
 * Open-loop pacing: request i is due at start + i / rate whatever happened to the requests
 * before it, so a slow answer never delays the next send (no coordinated omission). Latency
 * is measured from the due time, which charges any lateness of this process to the result.
 *
 * Node timers have millisecond resolution, so a request goes out up to ~1 ms after it is
 * due; all requests already due are sent in the same tick. Busy-waiting would be more
 * precise but would take a whole core from the processes being measured.
 */
export function runOpenLoop(
  ratePerSecond: number,
  durationMs: number,
  send: (dueAt: number) => void,
): Promise<{ scheduled: number; startedAt: number }> {
  const intervalMs = 1000 / ratePerSecond;
  const scheduled = Math.max(1, Math.round((ratePerSecond * durationMs) / 1000));
  const startedAt = performance.now();
  let sent = 0;
  return new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < scheduled) {
        const dueAt = startedAt + sent * intervalMs;
        if (dueAt > now) break;
        sent++;
        send(dueAt);
      }
      if (sent === scheduled) {
        resolve({ scheduled, startedAt });
        return;
      }
      const nextDueAt = startedAt + sent * intervalMs;
      setTimeout(tick, Math.max(0, Math.floor(nextDueAt - performance.now())));
    };
    tick();
  });
}
