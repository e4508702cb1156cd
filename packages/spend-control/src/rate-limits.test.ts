import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Admission, RateLimitRule } from './admission.ts';
import { admission, id, SpendFixture } from './test-support/spend-fixture.ts';

describe('rate limits', () => {
  let fixture: SpendFixture;
  let wallet: string;
  beforeEach(() => {
    fixture = new SpendFixture();
    wallet = id();
    fixture.tables.wallet(wallet, 1_000_000_000);
  });
  afterEach(() => fixture.close());

  const limited = (rateLimits: RateLimitRule[], tokens = 100) =>
    admission(wallet, 10, { rateLimits, tokens });
  const headers = (a: Admission) => a.headers;

  it('admits a key its requests per minute, then refuses with when to retry', async () => {
    const spend = fixture.spendControl();
    const key = [{ scope: 'key', id: id(), rpm: 3 }] as const;

    const admitted = [];
    for (let i = 0; i < 3; i += 1) admitted.push(await spend.admit(limited([...key])));
    const refused = await spend.admit(limited([...key]));

    expect(admitted.map((a) => a.admitted)).toEqual([true, true, true]);
    expect(admitted.map((a) => headers(a)['x-ratelimit-remaining-requests'])).toEqual([
      '2',
      '1',
      '0',
    ]);
    expect(admitted.map((a) => headers(a)['x-ratelimit-limit-requests'])).toEqual(['3', '3', '3']);
    // Each request drains in a third of a minute; the reset is when all of them have.
    expect(headers(admitted[0] as Admission)['x-ratelimit-reset-requests']).toBe('20s');
    expect(headers(admitted[2] as Admission)['x-ratelimit-reset-requests']).toMatch(
      /^(59\.\d+s|1m0s)$/,
    );
    expect(refused).toMatchObject({
      admitted: false,
      status: 429,
      code: 'rate_limit_exceeded',
      type: 'requests',
      retryAfterSeconds: 20,
      rejectedBy: { kind: 'rate_limit', scope: 'key', unit: 'requests' },
      message: expect.stringMatching(
        /^Rate limit reached for key .* on requests per min \(RPM\): Limit 3, Used 3, Requested 1\. Please try again in (19\.\d+s|20s)\.$/,
      ),
    });
    expect(headers(refused)).toMatchObject({
      'retry-after': '20',
      'x-ratelimit-remaining-requests': '0',
    });
    expect(Number(headers(refused)['retry-after-ms'])).toBeGreaterThan(19_000);
  });

  it("holds a team's limit across all of its keys", async () => {
    const spend = fixture.spendControl();
    const team = { scope: 'team', id: id(), rpm: 4 } as const;
    const keys = [id(), id()].map((key) => ({ scope: 'key', id: key, rpm: 10 }) as const);

    const admissions = [];
    for (let i = 0; i < 6; i += 1)
      admissions.push(await spend.admit(limited([keys[i % 2]!, team])));

    expect(admissions.map((a) => a.admitted)).toEqual([true, true, true, true, false, false]);
    expect(headers(admissions[3]!)).toMatchObject({
      'x-ratelimit-limit-requests': '4',
      'x-ratelimit-remaining-requests': '0',
    });
    expect(admissions[4]).toMatchObject({
      rejectedBy: { kind: 'rate_limit', scope: 'team', id: team.id },
    });
  });

  it('holds a limit across two ingress processes', async () => {
    const rule = { scope: 'key', id: id(), rpm: 5 } as const;
    const [first, second] = [fixture.spendControl(), fixture.spendControl()];

    const admissions = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).admit(limited([rule]))),
    );

    expect(admissions.filter((a) => a.admitted)).toHaveLength(5);
  });

  it('counts worst-case tokens at admission and corrects them to the actual at settlement', async () => {
    const spend = fixture.spendControl();
    const rule = [{ scope: 'key', id: id(), tpm: 1000 }] as const;

    const firstRequest = limited([...rule], 400);
    const first = await spend.admit(firstRequest);
    const second = await spend.admit(limited([...rule], 400));
    const third = await spend.admit(limited([...rule], 400));

    expect([first, second].map((a) => headers(a)['x-ratelimit-remaining-tokens'])).toEqual([
      '600',
      '200',
    ]);
    expect(headers(first)).toMatchObject({
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-reset-tokens': '24s',
    });
    expect(third).toMatchObject({ admitted: false, type: 'tokens', retryAfterSeconds: 12 });

    await spend.settle(firstRequest.reservationId, { costMicros: 5, tokens: 100 });
    const fourth = await spend.admit(limited([...rule], 400));

    expect(fourth).toMatchObject({ admitted: true });
    expect(headers(fourth)['x-ratelimit-remaining-tokens']).toBe('100');
  });

  it('gives every counted token back when a failed call is released', async () => {
    const spend = fixture.spendControl();
    const rule = [{ scope: 'team', id: id(), tpm: 1000 }] as const;
    const first = limited([...rule], 900);
    await spend.admit(first);

    await spend.release(first.reservationId);

    expect(
      headers(await spend.admit(limited([...rule], 1000)))['x-ratelimit-remaining-tokens'],
    ).toBe('0');
  });

  it('refuses a request larger than a whole minute of tokens without a retry time', async () => {
    const spend = fixture.spendControl();

    const refused = await spend.admit(limited([{ scope: 'key', id: id(), tpm: 1000 }], 1001));

    expect(refused).toMatchObject({ admitted: false, code: 'rate_limit_exceeded', type: 'tokens' });
    expect(refused).not.toHaveProperty('retryAfterSeconds');
    expect(refused.headers).not.toHaveProperty('retry-after');
    expect(!refused.admitted && refused.message).toMatch(
      /^Request too large for key .*: Limit 1000, Requested 1001\./,
    );
  });

  it('reports the tightest of several limits, per unit', async () => {
    const spend = fixture.spendControl();
    const rules = [
      { scope: 'key', id: id(), rpm: 100, tpm: 10_000 },
      { scope: 'team', id: id(), rpm: 2, tpm: 1_000_000 },
    ] as const;

    const admitted = await spend.admit(limited([...rules], 500));

    expect(headers(admitted)).toMatchObject({
      'x-ratelimit-limit-requests': '2',
      'x-ratelimit-remaining-requests': '1',
      'x-ratelimit-limit-tokens': '10000',
      'x-ratelimit-remaining-tokens': '9500',
    });
  });

  it('does not count a request refused for want of money', async () => {
    const poor = id();
    fixture.tables.wallet(poor, 5);
    const spend = fixture.spendControl();
    const rule = { scope: 'key', id: id(), rpm: 1 } as const;

    const refused = await spend.admit(admission(poor, 10, { rateLimits: [rule] }));

    expect(refused).toMatchObject({ admitted: false, code: 'insufficient_quota' });
    expect(headers(refused)['x-ratelimit-remaining-requests']).toBe('1');
    expect(await spend.admit(limited([rule]))).toMatchObject({ admitted: true });
  });

  it('holds no money for a request refused by a rate limit', async () => {
    const spend = fixture.spendControl();
    const rule = { scope: 'key', id: id(), rpm: 1 } as const;
    await spend.admit(limited([rule]));

    await spend.admit(limited([rule]));

    expect(await fixture.redis.hget(spend.keys.wallet(wallet), 'reserved')).toBe('10');
  });

  it('sends no rate-limit headers when no limit applies', async () => {
    const spend = fixture.spendControl();

    expect(headers(await spend.admit(limited([])))).toEqual({});
  });
});
