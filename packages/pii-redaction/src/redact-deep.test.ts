import { describe, expect, it } from 'vitest';
import { redactPiiDeep } from './redact-deep.ts';

describe('redactPiiDeep', () => {
  it('redacts strings at any depth, in values and keys, and credential-named fields', () => {
    const value = {
      user: { email: 'jane@example.com', age: 41, tags: ['vip', 'call +1 415 555 0132'] },
      password: 'hunter2',
      headers: { cookie: 'session=abc', 'set-cookie': ['a=1', 'b=2'] },
      'jane@example.com': true,
      ok: null,
    };
    expect(redactPiiDeep(value)).toEqual({
      user: { email: '[EMAIL]', age: 41, tags: ['vip', 'call [PHONE]'] },
      password: '[SECRET]',
      headers: { cookie: '[SECRET]', 'set-cookie': ['[SECRET]', '[SECRET]'] },
      '[EMAIL]': true,
      ok: null,
    });
    expect(value.user.email).toBe('jane@example.com');
  });

  it('returns clean values as they are, without copying', () => {
    const clean = { requestId: 'r-1', status: 200, nested: [{ ms: 1.5 }] };
    expect(redactPiiDeep(clean)).toBe(clean);
  });

  it('prints errors with their message, stack, cause and fields redacted', () => {
    const cause = new Error('upstream said: card 4111111111111111 declined');
    const error = Object.assign(new TypeError('bad input from jane@example.com', { cause }), {
      body: { iban: 'DE89370400440532013000' },
    });
    const redacted = redactPiiDeep({ err: error }) as unknown as { err: Record<string, unknown> };
    expect(redacted.err).toMatchObject({
      type: 'TypeError',
      message: 'bad input from [EMAIL]',
      body: { iban: '[IBAN]' },
      cause: { type: 'Error', message: 'upstream said: card [CARD] declined' },
    });
    expect(redacted.err.stack).toMatch(/^TypeError: bad input from \[EMAIL\]\n/);
  });

  it('follows toJSON like JSON.stringify does, and keeps dates and buffers', () => {
    const url = new URL('https://example.com/?email=jane@example.com');
    const at = new Date();
    const bytes = Buffer.from('jane@example.com');
    expect(redactPiiDeep({ url, at, bytes })).toEqual({
      url: 'https://example.com/?email=[EMAIL]',
      at,
      bytes,
    });
  });

  it('survives cycles and hostile depth', () => {
    const cyclic: Record<string, unknown> = { email: 'jane@example.com' };
    cyclic.self = cyclic;
    expect(redactPiiDeep(cyclic)).toEqual({ email: '[EMAIL]', self: '[Circular]' });

    let deep: unknown = 'jane@example.com';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    let node = redactPiiDeep(deep, { maxDepth: 10 });
    for (let i = 0; i < 10; i++) node = (node as unknown[])[0];
    expect(node).toBe('[Truncated]');
  });

  it('shares an object seen twice (not a cycle) and redacts both places', () => {
    const shared = { email: 'jane@example.com' };
    expect(redactPiiDeep({ a: shared, b: shared })).toEqual({
      a: { email: '[EMAIL]' },
      b: { email: '[EMAIL]' },
    });
  });
});
