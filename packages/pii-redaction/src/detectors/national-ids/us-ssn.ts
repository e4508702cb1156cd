import { keywordBefore } from '../regex-scan.ts';
import { spanIf, type NationalIdFormat } from './national-id-format.ts';

/**
 * US Social Security number: `123-45-6789` or `123 45 6789` (one separator throughout);
 * nine bare digits only right after "SSN" or "social security", since bare nine-digit runs
 * are mostly ids. Never issued: area 000, 666 or 900–999, group 00, serial 0000.
 */
const ssnWords = /(?<![A-Za-z])(?:ssn|social security(?: number| no\.?)?|tin)\W{0,4}$/i;

export function isValidSsn(area: string, group: string, serial: string): boolean {
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

export const usSocialSecurityNumber: NationalIdFormat = {
  name: 'US SSN',
  pattern: /(?<![\w.-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\w-])/g,
  check: (match, text) =>
    spanIf(
      isValidSsn(match[1]!, match[3]!, match[4]!) &&
        (match[2] !== '' || keywordBefore(text, match.index, ssnWords)),
      match,
    ),
};
