import type { PiiDetector } from '../pii-span.ts';
import { keywordBefore, scanCandidates } from './regex-scan.ts';

/**
 * A run of digits with the separators phone numbers use, starting at a word boundary.
 * What the run is then decides: most digit runs in logs are ids, dates, times, versions,
 * amounts or IP addresses, so a run counts as a phone number only in one of these shapes:
 *
 * - international: `+` or `00`, then 8–15 digits (E.164), any grouping;
 * - North American: `(415) 555-0132`, `415-555-0132`, `+1 415.555.0132` with valid area
 *   and exchange codes (first digit 2–9);
 * - national with a trunk 0 and separators: `020 7946 0958`, `06 12 34 56 78`, `030/1234567`;
 * - a bare 10–15 digit run right after a word like "phone", "call", "mobile".
 */
const candidatePattern = /(?<![\w+.\/-])(?:\+|\b00)?\(?\d[\d \u00a0().\/-]{6,22}\d(?![\w])/g;

const northAmerican = /^(?:\+?1[ .-]?)?(?:\([2-9]\d\d\) ?|[2-9]\d\d[ .-])[2-9]\d\d[ .-]\d{4}$/;
const trunkNational = /^\(?0[1-9]/;
const dateLike = /^(?:\d{4}([-./])\d{1,2}\1\d{1,2}|\d{1,2}([-./])\d{1,2}\2\d{2,4})(?!\d)/;
const phoneWords =
  /(?<![A-Za-z])(?:phone|tel|call|mobile|cell|whatsapp|fax|sms|text|telefon|téléphone|handy|número)(?:\W+\w{1,8}){0,3}\W+$/i;

function isPhoneNumber(candidate: string, text: string, index: number): boolean {
  const digits = candidate.replace(/\D/g, '');
  if (dateLike.test(candidate)) return false;
  if (candidate.startsWith('+') || candidate.startsWith('00')) {
    const significant = candidate.startsWith('00') ? digits.slice(2) : digits;
    return significant.length >= 8 && significant.length <= 15 && significant[0] !== '0';
  }
  if (northAmerican.test(candidate)) return true;
  const separated = /[ \u00a0().\/-]/.test(candidate);
  if (separated && trunkNational.test(candidate)) {
    return digits.length >= 9 && digits.length <= 12 && !/\d{9}/.test(candidate);
  }
  if (!separated && digits.length >= 10 && digits.length <= 15) {
    return keywordBefore(text, index, phoneWords);
  }
  return false;
}

export const phoneNumberDetector: PiiDetector = {
  kind: 'phone',
  mayOccurIn: (_text, hints) => hints.hasDigit,
  find(text, found) {
    scanCandidates(
      text,
      candidatePattern,
      'phone',
      (match) =>
        isPhoneNumber(match[0], text, match.index)
          ? [match.index, match.index + match[0].length]
          : null,
      found,
    );
  },
};
