import type { WorkerHeartbeat } from '@alfred/contracts';
import { heartbeat } from '@alfred/pool-directory/test-support';
import { describe, expect, it } from 'vitest';
import { LostRequestDetector, type WatchedRequest } from './lost-request-detector.ts';

const inbox = '_alfred.reply.i1';

const beat = (pool: string, replies?: string[], extra: Partial<WorkerHeartbeat> = {}) =>
  heartbeat({ pool, ...(replies ? { replies } : {}), ...extra });

function track(requests: Record<string, WatchedRequest>) {
  return {
    byToken: (token: string) => requests[token],
    ofPool: (pool: string) => Object.values(requests).filter((r) => r.pool === pool),
  };
}

describe('LostRequestDetector', () => {
  it('judges only pools whose workers list their requests, after the longer of the setting and three beats', () => {
    const detector = new LostRequestDetector(inbox, 2_000);
    const requests = { a: { pool: 'p', lastSeenAt: 0 }, b: { pool: 'old', lastSeenAt: 0 } };
    const { byToken, ofPool } = track(requests);
    detector.heard(beat('old'), 100, byToken, ofPool); // a worker without the list
    expect(detector.isLost(requests.b, 60_000)).toBe(false);

    detector.heard(beat('p', [`${inbox}.a`, '_alfred.reply.other.a']), 1_000, byToken, ofPool);
    expect(requests.a.lastSeenAt).toBe(1_000);
    expect(detector.isLost(requests.a, 3_900)).toBe(false); // 3 beats of 1 s > 2 s setting
    expect(detector.isLost(requests.a, 4_100)).toBe(true);

    detector.heard(beat('p', [], { intervalMs: 5_000 }), 4_200, byToken, ofPool);
    expect(detector.isLost(requests.a, 15_000)).toBe(false); // now 3 × 5 s
    expect(detector.isLost(requests.a, 16_100)).toBe(true);
  });

  it('takes a beat too long to list everything as holding all of its pool', () => {
    const detector = new LostRequestDetector(inbox, 1_000);
    const requests = { a: { pool: 'p', lastSeenAt: 0 }, b: { pool: 'q', lastSeenAt: 0 } };
    const { byToken, ofPool } = track(requests);
    detector.heard(beat('p', [], { repliesTruncated: true }), 500, byToken, ofPool);
    expect(requests.a.lastSeenAt).toBe(500);
    expect(requests.b.lastSeenAt).toBe(0);
  });
});
