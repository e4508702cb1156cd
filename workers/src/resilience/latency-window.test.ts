import { describe, expect, it } from 'vitest';
import { LatencyWindow } from './latency-window.ts';

describe('LatencyWindow', () => {
  it('keeps only the newest samples when more arrive than it holds', () => {
    const window = new LatencyWindow(60_000, 4);
    for (const ms of [1_000, 1_000, 1_000, 1_000, 10, 20, 30, 40]) window.record(ms, 0);
    expect(window.percentiles(0)).toEqual({ p50: 20, p95: 40, p99: 40 });
  });
});
