import { describe, expect, it } from 'vitest';
import { AttemptSignal } from './attempt-signal.ts';

describe('AttemptSignal', () => {
  it("aborts when the attempt's time is up, with a TimeoutError", async () => {
    const attempt = new AttemptSignal(new AbortController().signal, 20);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(attempt.signal.aborted).toBe(true);
    expect((attempt.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it('aborts when the client goes away, and is already aborted for a client that has', () => {
    const client = new AbortController();
    const attempt = new AttemptSignal(client.signal, 60_000);
    client.abort('gone');
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe('gone');
    attempt.release();
    expect(new AttemptSignal(client.signal, 60_000).signal.aborted).toBe(true);
  });

  it('once released, neither its timer nor the client aborts it', async () => {
    const client = new AbortController();
    const attempt = new AttemptSignal(client.signal, 20);
    attempt.release();
    client.abort();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(attempt.signal.aborted).toBe(false);
  });
});
