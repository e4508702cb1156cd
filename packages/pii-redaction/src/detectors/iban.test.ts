import { describe, expect, it } from 'vitest';
import { redactPii } from '../find-pii.ts';
import { passesIbanChecksum } from './iban.ts';

const validIbans = [
  'DE89370400440532013000',
  'GB82WEST12345698765432',
  'FR1420041010050500013M02606',
  'NL91ABNA0417164300',
  'ES9121000418450200051332',
  'IT60X0542811101000000123456',
  'BE68539007547034',
  'CH9300762011623852957',
  'NO9386011117947',
  'MT84MALT011000012345MTLCAST001S',
  'KW81CBKU0000000000001234560101',
];

/** `DE89 3704 0044 0532 0130 00`, as printed on statements. */
const grouped = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();

describe('IBANs', () => {
  it.each(validIbans)('redacts %s compact, grouped and lower case', (iban) => {
    expect(redactPii(`pay to ${iban}, thanks`)).toBe('pay to [IBAN], thanks');
    expect(redactPii(`pay to ${grouped(iban)} BIC COBADEFFXXX`)).toBe(
      'pay to [IBAN] BIC COBADEFFXXX',
    );
    expect(redactPii(`iban:${iban.toLowerCase()}`)).toBe('iban:[IBAN]');
  });

  it.each([
    'DE89370400440532013001',
    'DE8937040044053201300',
    'XX89370400440532013000',
    'DE89370400440532013000X',
    'AB12CDEF34567890',
  ])('leaves %s alone (checksum, length, country or boundary)', (text) => {
    expect(redactPii(`iban ${text}`)).toBe(`iban ${text}`);
  });

  it('checks mod 97', () => {
    for (const iban of validIbans) expect(passesIbanChecksum(iban)).toBe(true);
    expect(passesIbanChecksum('GB82WEST12345698765433')).toBe(false);
  });
});
