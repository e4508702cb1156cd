import { describe, expect, it } from 'vitest';
import { findPii, redactPii } from './find-pii.ts';

describe('findPii and redactPii', () => {
  it('finds every kind with its span, in order', () => {
    const text =
      'Jane (jane@example.com, +44 20 7946 0958) paid with 4111 1111 1111 1111 from ' +
      'DE89 3704 0044 0532 0130 00; SSN 123-45-6789; key sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t.';
    const spans = findPii(text);
    expect(spans.map((span) => [span.kind, text.slice(span.start, span.end)])).toEqual([
      ['email', 'jane@example.com'],
      ['phone', '+44 20 7946 0958'],
      ['card', '4111 1111 1111 1111'],
      ['iban', 'DE89 3704 0044 0532 0130 00'],
      ['national_id', '123-45-6789'],
      ['secret', 'sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8t'],
    ]);
    expect(redactPii(text)).toBe(
      'Jane ([EMAIL], [PHONE]) paid with [CARD] from [IBAN]; SSN [NATIONAL_ID]; key [SECRET].',
    );
  });

  it('redacts only the kinds asked for', () => {
    const text = 'jane@example.com 4111111111111111';
    expect(redactPii(text, { kinds: ['card'] })).toBe('jane@example.com [CARD]');
    expect(redactPii(text, { kinds: ['email'] })).toBe('[EMAIL] 4111111111111111');
  });

  it('merges overlapping findings into one span of the stronger kind', () => {
    // The email detector sees `s3cr3t@db.example.com`, the secret detector the password.
    const spans = findPii('mysql://root:s3cr3t@db.example.com/app');
    expect(spans).toEqual([{ kind: 'secret', start: 13, end: 34 }]);
  });

  it.each([
    'Plain prose without numbers, at signs or credentials.',
    'request 7f3c9a2e-1b4d-4c8e-9f00-3a5b6c7d8e9f took 12.5 ms at 2025-11-26T16:41:00.123Z',
    'order 123456789 shipped in 3 boxes of 12, total 1,234.56 EUR',
    'upgraded node 24.11.1 → 24.12.0; retry in 30s; port 5432; pid 41234',
    'GET /v1/chat/completions 200 model=gpt-4o-mini tokens=1532',
    'sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  ])('leaves ordinary log text alone: %s', (text) => {
    expect(findPii(text)).toEqual([]);
  });
});
