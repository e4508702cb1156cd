import { describe, expect, it } from 'vitest';
import { OutcomeWindow } from './outcome-window.ts';

describe('OutcomeWindow', () => {
  it('drops a bucket once the window has slid past it, also when its slot is reused', () => {
    const window = new OutcomeWindow(3_000, 1_000);
    window.record(false, 0);
    window.record(true, 1_500);
    expect(window.totals(2_999)).toEqual({ requests: 2, errors: 1 });
    expect(window.totals(3_000)).toEqual({ requests: 1, errors: 0 });
    // 3 s later the ring comes back to the first slot: old counts must not leak in.
    window.record(true, 3_100);
    expect(window.totals(3_100)).toEqual({ requests: 2, errors: 0 });
  });
});
