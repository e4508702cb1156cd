import { describe, expect, it } from 'vitest';
import {
  behaviorForRequest,
  behaviorFromEnv,
  defaultBehavior,
  FailureSchedule,
} from './behavior.ts';

describe('the failure schedule', () => {
  const pattern = (rate: number, count: number) => {
    const schedule = new FailureSchedule();
    return Array.from({ length: count }, () => (schedule.shouldFail(rate) ? 'x' : '.')).join('');
  };

  it('fails the first request and then a steady fraction, exactly', () => {
    expect(pattern(1, 4)).toBe('xxxx');
    expect(pattern(0, 4)).toBe('....');
    expect(pattern(0.5, 6)).toBe('x.x.x.');
    expect(pattern(0.25, 8)).toBe('x...x...');
    expect(pattern(0.7, 10).replaceAll('.', '')).toHaveLength(7);
    expect(pattern(1 / 3, 6)).toBe('x..x..');
  });

  it('starts over on restart', () => {
    const schedule = new FailureSchedule();
    expect([schedule.shouldFail(0.5), schedule.shouldFail(0.5)]).toEqual([true, false]);
    schedule.restart();
    expect(schedule.shouldFail(0.5)).toBe(true);
  });
});

describe('per-request behaviour', () => {
  it('is the global object itself when no x-fake-* header is present', () => {
    expect(behaviorForRequest(defaultBehavior, { 'content-type': 'application/json' })).toBe(
      defaultBehavior,
    );
  });

  it('takes every header over the global value', () => {
    const behavior = behaviorForRequest(
      { ...defaultBehavior, fail: '500' },
      {
        'x-fake-latency-ms': '20',
        'x-fake-tokens-per-second': '50',
        'x-fake-fail': 'none',
        'x-fake-fail-rate': '0.5',
        'x-fake-retry-after': '9',
      },
    );
    expect(behavior).toEqual({
      latencyMs: 20,
      tokensPerSecond: 50,
      fail: null,
      failRate: 0.5,
      retryAfterSeconds: 9,
    });
  });

  it('refuses values out of range', () => {
    expect(() => behaviorForRequest(defaultBehavior, { 'x-fake-fail-rate': '2' })).toThrow(
      /x-fake-fail-rate/,
    );
    expect(() => behaviorForRequest(defaultBehavior, { 'x-fake-latency-ms': '' })).toThrow(
      /x-fake-latency-ms/,
    );
    expect(() => behaviorForRequest(defaultBehavior, { 'x-fake-fail': 'sometimes' })).toThrow(
      /x-fake-fail/,
    );
  });
});

describe('behaviour from the environment', () => {
  it('reads the FAKE_UPSTREAM_* variables and ignores empty ones', () => {
    expect(
      behaviorFromEnv({
        FAKE_UPSTREAM_LATENCY_MS: '5',
        FAKE_UPSTREAM_TOKENS_PER_SECOND: '40',
        FAKE_UPSTREAM_FAIL: '429',
        FAKE_UPSTREAM_FAIL_RATE: '0.1',
        FAKE_UPSTREAM_RETRY_AFTER_SECONDS: '3',
      }),
    ).toEqual({
      latencyMs: 5,
      tokensPerSecond: 40,
      fail: '429',
      failRate: 0.1,
      retryAfterSeconds: 3,
    });
    expect(behaviorFromEnv({ FAKE_UPSTREAM_LATENCY_MS: '' })).toEqual({});
    expect(() => behaviorFromEnv({ FAKE_UPSTREAM_TOKENS_PER_SECOND: 'fast' })).toThrow(
      /FAKE_UPSTREAM_TOKENS_PER_SECOND/,
    );
  });
});
