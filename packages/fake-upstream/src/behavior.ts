import type { IncomingHttpHeaders } from 'node:http';
import { InvalidRequestError } from './transport/invalid-request.ts';

export const failureModes = [
  '500',
  '429',
  'timeout',
  'reset',
  'malformed',
  'stream-cut',
  'stream-cut-before-first-byte',
] as const;

/** How a failing request fails; README.md describes each one. */
export type FailureMode = (typeof failureModes)[number];

/** How the fake behaves: set globally (options, env, setBehavior) or per request (headers). */
export interface FakeBehavior {
  /** Wait before the first byte of any answer, errors included. */
  latencyMs: number;
  /** Stream pacing; 0 = as fast as possible (still one chunk per token). */
  tokensPerSecond: number;
  /** The failure to inject, or null to answer normally. */
  fail: FailureMode | null;
  /** The fraction of requests with a `fail` mode that actually fail (0–1, by counter). */
  failRate: number;
  /** The `retry-after` of injected 429s. */
  retryAfterSeconds: number;
}

export const defaultBehavior: FakeBehavior = {
  latencyMs: 0,
  tokensPerSecond: 0,
  fail: null,
  failRate: 1,
  retryAfterSeconds: 1,
};

/** The per-request override headers, named once for the README, the tests and the code. */
export const behaviorHeaders = {
  latencyMs: 'x-fake-latency-ms',
  tokensPerSecond: 'x-fake-tokens-per-second',
  fail: 'x-fake-fail',
  failRate: 'x-fake-fail-rate',
  retryAfterSeconds: 'x-fake-retry-after',
} as const;

/** `none` switches a globally set failure off for one request. */
export function parseFailureMode(value: string, source: string): FailureMode | null {
  if (value === 'none' || value === '') return null;
  if ((failureModes as readonly string[]).includes(value)) return value as FailureMode;
  throw new InvalidRequestError(
    `${source} must be one of ${failureModes.join(', ')} or none, got '${value}'.`,
    source,
  );
}

function parseNumber(value: string, source: string, max: number): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > max) {
    throw new InvalidRequestError(
      `${source} must be a number from 0 to ${max}, got '${value}'.`,
      source,
    );
  }
  return number;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The behaviour of one request: the global one with any `x-fake-*` header applied. Returns
 * the global object itself when no header is present (the common, benchmarked case).
 * Throws InvalidRequestError on a malformed header, so a typo in a test fails loudly.
 */
export function behaviorForRequest(
  global: FakeBehavior,
  headers: IncomingHttpHeaders,
): FakeBehavior {
  const latency = header(headers, behaviorHeaders.latencyMs);
  const speed = header(headers, behaviorHeaders.tokensPerSecond);
  const fail = header(headers, behaviorHeaders.fail);
  const rate = header(headers, behaviorHeaders.failRate);
  const retryAfter = header(headers, behaviorHeaders.retryAfterSeconds);
  if (
    latency === undefined &&
    speed === undefined &&
    fail === undefined &&
    rate === undefined &&
    retryAfter === undefined
  ) {
    return global;
  }
  const b = behaviorHeaders;
  return {
    latencyMs:
      latency === undefined ? global.latencyMs : parseNumber(latency, b.latencyMs, 3_600_000),
    tokensPerSecond:
      speed === undefined ? global.tokensPerSecond : parseNumber(speed, b.tokensPerSecond, 1e9),
    fail: fail === undefined ? global.fail : parseFailureMode(fail, b.fail),
    failRate: rate === undefined ? global.failRate : parseNumber(rate, b.failRate, 1),
    retryAfterSeconds:
      retryAfter === undefined
        ? global.retryAfterSeconds
        : parseNumber(retryAfter, b.retryAfterSeconds, 86_400),
  };
}

/** FAKE_UPSTREAM_LATENCY_MS, _TOKENS_PER_SECOND, _FAIL, _FAIL_RATE, _RETRY_AFTER_SECONDS. */
export function behaviorFromEnv(env: NodeJS.ProcessEnv): Partial<FakeBehavior> {
  const behavior: Partial<FakeBehavior> = {};
  const read = (name: string) =>
    env[name] === undefined || env[name] === '' ? undefined : env[name];
  const latency = read('FAKE_UPSTREAM_LATENCY_MS');
  const speed = read('FAKE_UPSTREAM_TOKENS_PER_SECOND');
  const fail = read('FAKE_UPSTREAM_FAIL');
  const rate = read('FAKE_UPSTREAM_FAIL_RATE');
  const retryAfter = read('FAKE_UPSTREAM_RETRY_AFTER_SECONDS');
  if (latency !== undefined)
    behavior.latencyMs = parseNumber(latency, 'FAKE_UPSTREAM_LATENCY_MS', 3_600_000);
  if (speed !== undefined)
    behavior.tokensPerSecond = parseNumber(speed, 'FAKE_UPSTREAM_TOKENS_PER_SECOND', 1e9);
  if (fail !== undefined) behavior.fail = parseFailureMode(fail, 'FAKE_UPSTREAM_FAIL');
  if (rate !== undefined) behavior.failRate = parseNumber(rate, 'FAKE_UPSTREAM_FAIL_RATE', 1);
  if (retryAfter !== undefined) {
    behavior.retryAfterSeconds = parseNumber(
      retryAfter,
      'FAKE_UPSTREAM_RETRY_AFTER_SECONDS',
      86_400,
    );
  }
  return behavior;
}

/**
 * Decides which of the requests that carry a failure mode actually fail, by counter, so a
 * rate of 0.5 fails the 1st, 3rd, 5th… and 0.25 the 1st, 5th, 9th…: the k-th candidate
 * fails when ceil(k·rate) steps up. Integer arithmetic in millionths keeps 0.7·10 exact.
 */
export class FailureSchedule {
  private candidates = 0;

  shouldFail(rate: number): boolean {
    const perMillion = Math.round(Math.min(Math.max(rate, 0), 1) * 1_000_000);
    const k = this.candidates++;
    const before = Math.ceil((k * perMillion) / 1_000_000);
    const after = Math.ceil(((k + 1) * perMillion) / 1_000_000);
    return after > before;
  }

  /** setBehavior restarts the pattern, so "fail every other request" starts with a failure. */
  restart(): void {
    this.candidates = 0;
  }
}
