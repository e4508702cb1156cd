import { GatewayError } from '../openai/error.ts';
import { describe, expect, it } from 'vitest';
import { cacheDirectiveFrom } from './cache-control.ts';

describe('cacheDirectiveFrom', () => {
  it('reads and writes by default', () => {
    expect(cacheDirectiveFrom({})).toEqual({ read: true, write: true });
  });

  it('no-cache skips reading but still stores the fresh answer', () => {
    expect(cacheDirectiveFrom({ 'cache-control': 'no-cache' })).toEqual({
      read: false,
      write: true,
    });
    expect(cacheDirectiveFrom({ 'cache-control': 'max-age=0, No-Cache' })).toEqual({
      read: false,
      write: true,
    });
  });

  it('no-store neither reads nor writes, alone or with other directives', () => {
    expect(cacheDirectiveFrom({ 'cache-control': 'no-store' })).toEqual({
      read: false,
      write: false,
    });
    expect(cacheDirectiveFrom({ 'cache-control': ['no-cache', 'no-store'] })).toEqual({
      read: false,
      write: false,
    });
  });

  it('takes a TTL in whole seconds from x-alfred-cache-ttl', () => {
    expect(cacheDirectiveFrom({ 'x-alfred-cache-ttl': '600' })).toEqual({
      read: true,
      write: true,
      ttlSeconds: 600,
    });
    expect(cacheDirectiveFrom({ 'x-alfred-cache-ttl': ' 1 ' }).ttlSeconds).toBe(1);
  });

  it('refuses a TTL that is not 1 s to the maximum with a 400 naming the header', () => {
    for (const ttl of ['0', '-5', '1.5', 'soon', '', '2592001', ['60', '60']]) {
      let error: unknown;
      try {
        cacheDirectiveFrom({ 'x-alfred-cache-ttl': ttl });
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(ttl)).toBeInstanceOf(GatewayError);
      expect((error as GatewayError).status).toBe(400);
      expect((error as GatewayError).param).toBe('x-alfred-cache-ttl');
    }
    expect(() => cacheDirectiveFrom({ 'x-alfred-cache-ttl': '120' }, 60)).toThrow(GatewayError);
  });
});
