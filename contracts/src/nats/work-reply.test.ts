import { describe, expect, it } from 'vitest';
import { ENVELOPE_VERSION } from './work-request.ts';
import { decodeReply, encodeReply, ReplyHeadSchema, type ReplyHead } from './work-reply.ts';

const bytes = (payload: string | Uint8Array) =>
  typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
const text = (data: Uint8Array) => new TextDecoder().decode(data);

describe('worker reply payloads', () => {
  it('carry the head and the client bytes unchanged, for text and for binary data', () => {
    const head: ReplyHead = {
      v: ENVELOPE_VERSION,
      kind: 'chunk',
      status: 200,
      seq: 1,
      control: 'alfred.control.w1.req_1',
      headers: { 'x-alfred-deployment': 'dep-1' },
    };
    const frames = 'data: {"a":"line\\nbreak"}\n\ndata: é\n\n';
    const fromText = decodeReply(bytes(encodeReply(head, frames)));
    expect(fromText.head).toEqual(head);
    expect(ReplyHeadSchema.parse(fromText.head)).toEqual(head);
    expect(text(fromText.data)).toBe(frames);

    const binary = new Uint8Array([0, 10, 255, 10]);
    const fromBinary = decodeReply(bytes(encodeReply({ ...head, kind: 'end', seq: 2 }, binary)));
    expect(fromBinary.head.kind).toBe('end');
    expect([...fromBinary.data]).toEqual([0, 10, 255, 10]);
  });

  it('refuses payloads that are not a reply of this version', () => {
    const ok = { v: ENVELOPE_VERSION, kind: 'response', status: 200, seq: 0 };
    const payload = (head: unknown) => bytes(`${JSON.stringify(head)}\n{}`);
    expect(() => decodeReply(bytes('{}'))).toThrow(/head line/);
    expect(() => decodeReply(bytes('not json\n{}'))).toThrow();
    for (const bad of [
      null,
      [],
      { ...ok, v: ENVELOPE_VERSION + 1 },
      { ...ok, kind: 'partial' },
      { ...ok, status: 99 },
      { ...ok, status: 600 },
      { ...ok, status: '200' },
      { ...ok, seq: -1 },
      { ...ok, seq: 1.5 },
      { ...ok, control: 7 },
      { ...ok, headers: { a: 1 } },
      { ...ok, headers: ['x'] },
    ]) {
      expect(() => decodeReply(payload(bad)), JSON.stringify(bad)).toThrow(/malformed/);
    }
    expect(decodeReply(payload(ok)).head).toEqual(ok);
  });
});
