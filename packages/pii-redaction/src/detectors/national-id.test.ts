import { describe, expect, it } from 'vitest';
import { redactPii } from '../find-pii.ts';
import { isValidGermanTaxId } from './national-ids/de-tax-id.ts';
import { isValidDniOrNie } from './national-ids/es-dni.ts';
import { isValidInsee } from './national-ids/fr-insee.ts';

describe('national identifiers', () => {
  it.each([
    ['US SSN', '123-45-6789'],
    ['US SSN, spaced', '219 09 9999'],
    ['UK NINO', 'AB 12 34 56 C'],
    ['UK NINO, compact', 'JG103759A'],
    ['FR INSEE', '2 84 12 76 451 089 93'],
    ['FR INSEE, compact', '185057800604830'],
    ['FR INSEE, Corsica', '1 85 05 2A 006 048 71'],
    ['ES DNI', '12345678Z'],
    ['ES DNI, dashed', '12345678-Z'],
    ['ES NIE', 'X1234567L'],
    ['DE Steuer-ID, grouped', '86 095 742 719'],
  ])('redacts a %s', (_name, id) => {
    expect(redactPii(`id ${id}.`)).toBe('id [NATIONAL_ID].');
  });

  it('redacts bare digit runs only after the word that names them', () => {
    expect(redactPii('SSN: 123456789')).toBe('SSN: [NATIONAL_ID]');
    expect(redactPii('Steuer-ID 86095742719')).toBe('Steuer-ID [NATIONAL_ID]');
    expect(redactPii('order 123456789')).toBe('order 123456789');
    expect(redactPii('order 86095742719')).toBe('order 86095742719');
  });

  it.each([
    '000-12-3456',
    '666-12-3456',
    '900-12-3456',
    '123-00-4567',
    '123-45-0000',
    '123-45 6789',
    'GB 12 34 56 C',
    'QQ 12 34 56 C',
    'AB 12 34 56 E',
    '2 84 12 76 451 089 94',
    '12345678A',
    '2024-01-15',
  ])('leaves %s alone', (text) => {
    expect(redactPii(`id ${text}.`)).toBe(`id ${text}.`);
  });

  it('validates check digits', () => {
    expect(isValidInsee('284127645108993')).toBe(true);
    expect(isValidInsee('284137645108993')).toBe(false);
    expect(isValidDniOrNie('12345678', 'Z')).toBe(true);
    expect(isValidDniOrNie('Y1234567', 'X')).toBe(true);
    expect(isValidDniOrNie('12345678', 'T')).toBe(false);
    expect(isValidGermanTaxId('86095742719')).toBe(true);
    expect(isValidGermanTaxId('86095742718')).toBe(false);
    expect(isValidGermanTaxId('12345678903')).toBe(false);
  });
});
