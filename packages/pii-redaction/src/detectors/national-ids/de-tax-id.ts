import { keywordBefore } from '../regex-scan.ts';
import { spanIf, type NationalIdFormat } from './national-id-format.ts';

/**
 * German tax id (Steuer-Identifikationsnummer): 11 digits, no leading 0; among the first
 * ten exactly one digit repeats (twice or three times) and the last is an ISO 7064
 * MOD 11,10 check digit. Bare 11-digit runs are common (ids, phone numbers), so it counts
 * when written grouped (`86 095 742 719`) or right after a word naming it.
 */
const taxIdWords =
  /(?<![A-Za-z])(?:steuer-?id|steuer-?identifikationsnummer|idnr|identifikationsnummer|tax id|tin)\W{0,4}$/i;

export function isValidGermanTaxId(digits: string): boolean {
  if (digits[0] === '0') return false;
  const counts = new Map<string, number>();
  for (const digit of digits.slice(0, 10)) counts.set(digit, (counts.get(digit) ?? 0) + 1);
  const repeated = [...counts.values()].filter((count) => count > 1);
  if (repeated.length !== 1 || repeated[0]! > 3) return false;
  let product = 10;
  for (let i = 0; i < 10; i++) {
    let sum = (Number(digits[i]) + product) % 10;
    if (sum === 0) sum = 10;
    product = (sum * 2) % 11;
  }
  const check = (11 - product) % 10;
  return check === Number(digits[10]);
}

export const germanTaxId: NationalIdFormat = {
  name: 'DE Steuer-ID',
  pattern: /(?<![\w.-])(\d{2}( ?)\d{3}\2\d{3}\2\d{3})(?![\w-])/g,
  check: (match, text) =>
    spanIf(
      isValidGermanTaxId(match[1]!.replace(/ /g, '')) &&
        (match[2] === ' ' || keywordBefore(text, match.index, taxIdWords)),
      match,
    ),
};
