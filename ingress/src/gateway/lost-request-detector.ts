import type { WorkerHeartbeat } from '@alfred/contracts';

/** What the detector needs of a request in flight. */
export interface WatchedRequest {
  pool: string;
  /** performance.now() when a worker last showed it holds the request (or it was sent). */
  lastSeenAt: number;
}

/**
 * Tells a request whose worker died from a slow one, without a message per request:
 * workers list the reply subjects of the requests they hold in every heartbeat, and a
 * request of a pool whose workers do so that no beat has listed (and no reply has come
 * for) in `lostAfterMs` is lost. Without it the client of a SIGKILLed worker would wait
 * for the full upstream timeout (10 minutes by default) for a 504.
 */
export class LostRequestDetector {
  readonly #inboxPrefix: string;
  readonly #lostAfterMs: number;
  /** Pools whose workers list their requests → the longest heartbeat interval heard. */
  readonly #listingPools = new Map<string, number>();

  constructor(inboxPrefix: string, lostAfterMs: number) {
    this.#inboxPrefix = `${inboxPrefix}.`;
    this.#lostAfterMs = lostAfterMs;
  }

  /**
   * Marks the requests of this process that `beat` lists as seen at `now`; `byToken` finds
   * one by its inbox token, `ofPool` lists all of a pool's (for a beat too long to list all).
   */
  heard(
    beat: WorkerHeartbeat,
    now: number,
    byToken: (token: string) => WatchedRequest | undefined,
    ofPool: (pool: string) => Iterable<WatchedRequest>,
  ): void {
    if (!beat.replies) return; // a worker that predates the list: its pool is never judged
    const interval = this.#listingPools.get(beat.pool) ?? 0;
    if (beat.intervalMs > interval) this.#listingPools.set(beat.pool, beat.intervalMs);
    if (beat.repliesTruncated) {
      for (const request of ofPool(beat.pool)) request.lastSeenAt = now;
      return;
    }
    for (const subject of beat.replies) {
      if (!subject.startsWith(this.#inboxPrefix)) continue;
      const request = byToken(subject.slice(this.#inboxPrefix.length));
      if (request) request.lastSeenAt = now;
    }
  }

  isLost(request: WatchedRequest, now: number): boolean {
    const interval = this.#listingPools.get(request.pool);
    if (interval === undefined) return false;
    // Three missed beats at least, whatever the setting: a slow beat is not a dead worker.
    return now - request.lastSeenAt > Math.max(this.#lostAfterMs, 3 * interval);
  }
}
