import { describe, expect, it } from 'vitest';
import { formatDuration, rateLimitHeaders } from './rate-limit-headers.ts';

describe('OpenAI rate-limit headers', () => {
  it.each([
    [0, '0s'],
    [0.2, '1ms'],
    [120, '120ms'],
    [8640, '8.64s'],
    [20_000, '20s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [3_661_500, '1h1m1.5s'],
  ])('writes %d ms as %s', (ms, written) => {
    expect(formatDuration(ms)).toBe(written);
  });

  it('reports the bucket with the fewest remaining, the later reset on a tie', () => {
    const bucket = { scope: 'key', id: 'k', unit: 'requests' } as const;

    const headers = rateLimitHeaders([
      { ...bucket, limit: 10, remaining: 3, resetMs: 1000 },
      { ...bucket, limit: 5, remaining: 3, resetMs: 2000 },
      { ...bucket, limit: 50, remaining: 4, resetMs: 9000 },
    ]);

    expect(headers).toEqual({
      'x-ratelimit-limit-requests': '5',
      'x-ratelimit-remaining-requests': '3',
      'x-ratelimit-reset-requests': '2s',
    });
  });
});
