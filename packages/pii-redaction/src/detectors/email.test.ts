import { describe, expect, it } from 'vitest';
import { redactPii } from '../find-pii.ts';

describe('email addresses', () => {
  it.each([
    'jane.doe@example.com',
    'JANE.DOE+billing@Example.CO.UK',
    'o_connor-99@mail.sub.example.org',
    'first.last%40example.com',
    'x@y.io',
  ])('redacts %s', (email) => {
    expect(redactPii(`write to <${email}> today`)).toBe('write to <[EMAIL]> today');
  });

  it.each([
    'icon@2x.png',
    'logo@3x.webp',
    'lodash@4.17.21',
    '@alfred/contracts',
    'user@localhost',
    'an @ sign alone',
    'git tag v1.0@HEAD',
  ])('leaves %s alone', (text) => {
    expect(redactPii(text)).toBe(text);
  });

  it('stays linear on a long run without a domain', () => {
    const hostile = `${'a'.repeat(200_000)}@`;
    const started = performance.now();
    expect(redactPii(hostile)).toBe(hostile);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
