import { describe, expect, it } from 'vitest';
import { decodeMessage } from './decode-message.ts';
import { StreamAckSchema } from './work-reply.ts';

describe('decodeMessage', () => {
  it('returns the value of a message of the right shape, undefined for anything else', () => {
    expect(decodeMessage(StreamAckSchema, '{"seq":32}')).toEqual({ seq: 32 });
    expect(decodeMessage(StreamAckSchema, '{"seq":-1}')).toBeUndefined();
    expect(decodeMessage(StreamAckSchema, 'not json')).toBeUndefined();
  });
});
