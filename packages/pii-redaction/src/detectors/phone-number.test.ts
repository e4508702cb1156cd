import { describe, expect, it } from 'vitest';
import { redactPii } from '../find-pii.ts';

describe('phone numbers', () => {
  it.each([
    '+1 (415) 555-0132',
    '+14155550132',
    '(415) 555-0132',
    '415-555-0132',
    '415.555.0132',
    '1-800-275-2273',
    '+44 20 7946 0958',
    '+44 7700 900123',
    '020 7946 0958',
    '07700 900123',
    '+33 6 12 34 56 78',
    '06 12 34 56 78',
    '0033 6 12 34 56 78',
    '+49 30 1234567',
    '(030) 1234567',
    '0151 23456789',
    '+34 612 34 56 78',
  ])('redacts %s', (phone) => {
    expect(redactPii(`reach me at ${phone}, thanks`)).toBe('reach me at [PHONE], thanks');
  });

  it('redacts a bare number right after a word that names a phone', () => {
    expect(redactPii('mobile: 4155550132')).toBe('mobile: [PHONE]');
    expect(redactPii('call me on 07700900123 tonight')).toBe('call me on [PHONE] tonight');
  });

  it.each([
    'order 4155550132 shipped',
    'order #12345678 shipped',
    'timestamp 1732633200000',
    'at 2024-01-15 10:30:00',
    'at 2024-01-15T10:30:00Z',
    'on 01.02.2024 10:30',
    'on 15/01/2024',
    'version 10.4.12.3',
    'from 192.168.100.200',
    'id 550e8400-e29b-41d4-a716-446655440000',
    'total 1 234 567',
    'ratio 123-456-7890',
    'isbn 978-3-16-148410-0',
  ])('leaves "%s" alone', (text) => {
    expect(redactPii(text)).toBe(text);
  });
});
