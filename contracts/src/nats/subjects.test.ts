import { describe, expect, it } from 'vitest';
import { subjects } from './subjects.ts';

describe('NATS subjects', () => {
  it('names pool subjects and the queue group from the pool name', () => {
    expect(subjects.poolRequests('premium')).toBe('alfred.v1.pool.premium.requests');
    expect(subjects.poolPing('premium')).toBe('alfred.v1.pool.premium.ping');
    expect(subjects.poolQueueGroup('premium')).toBe('pool-premium');
    expect(subjects.streamControl('w1', 'req_1')).toBe('alfred.v1.control.w1.req_1');
  });

  it('refuses names that would change the subject hierarchy', () => {
    expect(() => subjects.poolRequests('a.b')).toThrow(/invalid pool/);
    expect(() => subjects.poolRequests('*')).toThrow(/invalid pool/);
    expect(() => subjects.replyInboxPrefix('x >')).toThrow(/invalid process/);
  });
});
