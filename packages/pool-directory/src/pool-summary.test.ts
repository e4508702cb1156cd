import { describe, expect, it } from 'vitest';
import { summarizePools } from './pool-summary.ts';
import { deploymentSnapshot, heartbeat } from './test-support/heartbeats.ts';

describe('summarizePools', () => {
  it('totals live processes per pool; a draining process adds load but no capacity', () => {
    const [batch, premium] = summarizePools(
      [
        { beat: heartbeat({ workerId: 'a', pool: 'premium', inFlight: 3 }), receivedAt: 10_000 },
        {
          beat: heartbeat({
            workerId: 'b',
            pool: 'premium',
            inFlight: 2,
            queued: 1,
            state: 'draining',
          }),
          receivedAt: 10_000,
        },
        { beat: heartbeat({ workerId: 'c', pool: 'batch', capacity: 4 }), receivedAt: 10_000 },
      ],
      10_500,
    );
    expect(batch).toMatchObject({ pool: 'batch', health: 'ok', totals: { capacity: 4 } });
    expect(premium!.totals).toEqual({
      processes: 2,
      serving: 1,
      draining: 1,
      capacity: 8,
      inFlight: 5,
      queued: 1,
    });
    expect(premium!.processes.map((p) => p.state)).toEqual(['serving', 'draining']);
  });

  it('marks a process gone after three silent intervals, or at once when it leaves', () => {
    const [pool] = summarizePools(
      [
        { beat: heartbeat({ workerId: 'quiet', intervalMs: 1_000 }), receivedAt: 0 },
        { beat: heartbeat({ workerId: 'recent', intervalMs: 1_000 }), receivedAt: 1_000 },
        { beat: heartbeat({ workerId: 'left', state: 'leaving' }), receivedAt: 3_900 },
      ],
      3_999,
    );
    expect(
      pool!.processes.map((p) => [p.workerId, p.state, p.goneReason, p.lastSeenAgoMs]),
    ).toEqual([
      ['left', 'gone', 'left', 99],
      ['quiet', 'gone', 'silent', 3_999],
      ['recent', 'serving', undefined, 2_999],
    ]);
    expect(pool!.totals.processes).toBe(1);
  });

  it('is down without a serving process and degraded when a circuit is open somewhere', () => {
    const [down] = summarizePools([{ beat: heartbeat({ state: 'draining' }), receivedAt: 0 }], 0);
    expect(down!.health).toBe('down');
    const [degraded] = summarizePools(
      [
        {
          beat: heartbeat({
            workerId: 'a',
            deployments: [deploymentSnapshot('gpt', { requests: 90, successRate: 1 })],
          }),
          receivedAt: 0,
        },
        {
          beat: heartbeat({
            workerId: 'b',
            deployments: [
              deploymentSnapshot('gpt', {
                circuit: 'open',
                requests: 10,
                errors: 10,
                successRate: 0,
              }),
            ],
          }),
          receivedAt: 0,
        },
        {
          // Gone processes do not count towards the pool's health.
          beat: heartbeat({
            workerId: 'c',
            state: 'leaving',
            deployments: [deploymentSnapshot('gpt', { requests: 1_000, successRate: 1 })],
          }),
          receivedAt: 0,
        },
      ],
      0,
    );
    expect(degraded!.health).toBe('degraded');
    expect(degraded!.deployments).toEqual([
      expect.objectContaining({
        deployment: 'gpt',
        circuit: 'open',
        requests: 100,
        errors: 10,
        successRate: 0.9,
      }),
    ]);
  });
});
