import { describe, expect, it } from 'vitest';
import { attemptBudget } from './attempt-timeouts.ts';

const timeouts = { connectMs: 5_000, firstTokenMs: 20_000, totalMs: 120_000 };

describe('attemptBudget', () => {
  it("gives a stream the deployment's budgets when the deadline is far", () => {
    expect(attemptBudget({ timeouts, deadline: 1_000_000, stream: true, now: 0 })).toEqual({
      connectMs: 5_000,
      firstByteMs: 20_000,
      totalMs: 120_000,
      endsAt: 120_000,
    });
  });

  it('waits the whole total for the first byte of a plain call: it comes with the answer', () => {
    expect(attemptBudget({ timeouts, deadline: 1_000_000, stream: false, now: 0 })).toMatchObject({
      firstByteMs: 120_000,
      totalMs: 120_000,
    });
  });

  it('waits the whole total for the first token when no first-token timeout is set', () => {
    const budget = attemptBudget({
      timeouts: { connectMs: 5_000, totalMs: 60_000 },
      deadline: 1_000_000,
      stream: true,
      now: 0,
    });
    expect(budget?.firstByteMs).toBe(60_000);
  });

  it('cuts every budget to the time left before the request deadline', () => {
    expect(attemptBudget({ timeouts, deadline: 13_000, stream: true, now: 10_000 })).toEqual({
      connectMs: 3_000,
      firstByteMs: 3_000,
      totalMs: 3_000,
      endsAt: 13_000,
    });
  });

  it('starts no attempt when less than the minimum is left', () => {
    expect(
      attemptBudget({ timeouts, deadline: 10_049, stream: true, now: 10_000 }),
    ).toBeUndefined();
    expect(attemptBudget({ timeouts, deadline: 9_000, stream: true, now: 10_000 })).toBeUndefined();
    expect(
      attemptBudget({ timeouts, deadline: 10_010, stream: true, now: 10_000, minimumMs: 10 }),
    ).toMatchObject({ totalMs: 10 });
  });
});
