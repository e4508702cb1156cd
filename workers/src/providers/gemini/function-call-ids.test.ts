import { describe, expect, it } from 'vitest';
import { functionCallId, thoughtSignatureOf } from './function-call-ids.ts';

describe('Gemini function call ids', () => {
  it('round-trips a thought signature through an id made only of [A-Za-z0-9_-]', () => {
    const signatures = [
      Buffer.from([1, 2, 3, 4]),
      Buffer.from([0xfb, 0xff, 0xbf]),
      Buffer.from([1, 2, 0xfb, 0xff, 0xbf]),
    ];
    for (const signature of signatures.map((bytes) => bytes.toString('base64'))) {
      const id = functionCallId(3, signature);
      expect(id).toMatch(/^call_3__sig__[A-Za-z0-9_-]+$/);
      expect(thoughtSignatureOf(id)).toBe(signature);
    }
    expect(signatures.map((bytes) => bytes.toString('base64'))).toEqual([
      'AQIDBA==',
      '+/+/',
      'AQL7/78=',
    ]);
  });

  it('mints call_<n> without a signature and finds none in foreign ids', () => {
    expect(functionCallId(0, undefined)).toBe('call_0');
    expect(thoughtSignatureOf('call_0')).toBeUndefined();
    expect(thoughtSignatureOf('toolu_01ABC')).toBeUndefined();
    expect(thoughtSignatureOf('call_0__sig__')).toBeUndefined();
  });
});
