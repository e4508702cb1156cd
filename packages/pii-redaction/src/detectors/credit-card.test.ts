import { describe, expect, it } from 'vitest';
import { redactPii } from '../find-pii.ts';
import { passesLuhn } from './credit-card.ts';

describe('card numbers', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '5555 5555 5555 4444',
    '2223003122003222',
    '3782 822463 10005',
    '371449635398431',
    '6011 0009 9013 9424',
    '3530111333300000',
    '30569309025904',
    '6200000000000005',
    '4222222222222',
  ])('redacts %s', (card) => {
    expect(redactPii(`card: ${card}.`)).toBe('card: [CARD].');
  });

  it('redacts the number and keeps a CVV or expiry that follows', () => {
    expect(redactPii('4111 1111 1111 1111 123')).toBe('[CARD] 123');
    expect(redactPii('4242424242424242 12/27')).toBe('[CARD] 12/27');
  });

  it.each([
    '4111111111111112',
    '4111 1111 1111 111',
    '1234567890123456',
    '0000000000000000',
    '1732633200000123',
    '7777777777777777',
    '4111 1111-1111 1111',
    '411111111111111111111',
  ])('leaves %s alone (bad Luhn, prefix, length or grouping)', (text) => {
    expect(redactPii(`n ${text} n`)).toBe(`n ${text} n`);
  });

  it('implements Luhn', () => {
    expect(passesLuhn('79927398713')).toBe(true);
    expect(passesLuhn('79927398710')).toBe(false);
  });
});
