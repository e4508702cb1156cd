import { describe, expect, it } from 'vitest';
import type { PoolsReport } from '@alfred/pool-directory';
import { poolsReportText } from './pools-report-text.ts';

const report: PoolsReport = {
  generatedAt: 0,
  invalidHeartbeats: 1,
  pools: [
    {
      pool: 'default',
      health: 'degraded',
      totals: { processes: 2, serving: 1, draining: 1, capacity: 256, inFlight: 7, queued: 1 },
      deployments: [
        {
          deployment: 'openai-gpt-4o-mini',
          provider: 'openai',
          pools: ['default'],
          inFlight: 0,
          circuit: 'open',
          requests: 200,
          errors: 3,
          successRate: 0.985,
          latencyMs: { p50: 412.4, p95: 980, p99: null },
          processes: [],
        },
      ],
      processes: [
        process('worker-a', 'serving', 5),
        { ...process('worker-b', 'draining', 2), queued: 1 },
        { ...process('worker-c', 'gone', 0), goneReason: 'silent' },
      ],
    },
  ],
};

function process(workerId: string, state: 'serving' | 'draining' | 'gone', inFlight: number) {
  return {
    workerId,
    host: 'gpu-1',
    pid: 100,
    version: '0.0.0',
    startedAt: 0,
    state,
    lastSeenAt: 0,
    lastSeenAgoMs: 400,
    intervalMs: 1_000,
    capacity: 256,
    inFlight,
    queued: 0,
    deployments: [],
  };
}

describe('poolsReportText', () => {
  it('shows pools, their processes and deployment health as aligned tables', () => {
    expect(poolsReportText(report)).toBe(
      [
        'POOL     PROCESSES       CAPACITY  IN FLIGHT  QUEUED  HEALTH',
        'default  2 (1 draining)  256       7          1       degraded',
        '',
        'POOL     PROCESS   STATE          HOST   PID  CAPACITY  IN FLIGHT  QUEUED  LAST BEAT',
        'default  worker-a  serving        gpu-1  100  256       5          0       0.4s ago',
        'default  worker-b  draining       gpu-1  100  256       2          1       0.4s ago',
        'default  worker-c  gone (silent)  gpu-1  100  256       0          0       0.4s ago',
        '',
        'POOL     DEPLOYMENT          CIRCUIT  REQUESTS  SUCCESS  P50    P95    P99',
        'default  openai-gpt-4o-mini  open     200       98.5%    412ms  980ms  -',
        '',
        '1 invalid heartbeat(s) ignored.',
      ].join('\n'),
    );
  });

  it('says so when no worker beats', () => {
    expect(poolsReportText({ generatedAt: 0, invalidHeartbeats: 0, pools: [] })).toMatch(
      /No worker heartbeats heard/,
    );
  });
});
