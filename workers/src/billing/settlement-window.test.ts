import { describe, expect, it } from 'vitest';
import { SettlementWindow } from './settlement-window.ts';

describe('SettlementWindow', () => {
  it('resumes every waiter of one window together, after the window', async () => {
    const window = new SettlementWindow(20);
    const started = performance.now();
    const first = window.next();
    const second = window.next();
    expect(second).toBe(first);
    await Promise.all([first, second]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
    // The next call opens a new window.
    expect(window.next()).not.toBe(first);
  });

  it('does not wait with a window of 0', async () => {
    const window = new SettlementWindow(0);
    const started = performance.now();
    await window.next();
    expect(performance.now() - started).toBeLessThan(5);
  });
});
