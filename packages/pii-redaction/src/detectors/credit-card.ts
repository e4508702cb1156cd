import type { PiiDetector } from '../pii-span.ts';
import { scanCandidates } from './regex-scan.ts';

/** 13–19 digits, optionally grouped by spaces or dashes (`4111 1111 1111 1111`, `3782-822463-10005`). */
const candidatePattern = /(?<![\w.-])\d(?:[ -]?\d){12,18}(?![\w])/g;

/**
 * Issuer prefixes of the card networks people actually pay with: Visa 4, Mastercard 51–55
 * and 2221–2720, Amex 34/37, Diners 30/36/38/39, JCB 35, Discover/UnionPay/Maestro 6,
 * Maestro 50/56–58. Ruling out 0, 1, 7, 8, 9 keeps timestamps in milliseconds and most
 * ids out even when their Luhn digit happens to fit.
 */
const issuerPrefix = /^(?:4|5[0-8]|2[2-7]|3[0456789]|6)/;

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isCardNumber(digits: string): boolean {
  return (
    digits.length >= 13 &&
    digits.length <= 19 &&
    issuerPrefix.test(digits) &&
    !/^(\d)\1+$/.test(digits) &&
    passesLuhn(digits)
  );
}

/**
 * The longest leading run of groups that is a card number: `4111 1111 1111 1111 123`
 * (a CVV after the number) still redacts the number. Groups use one separator throughout.
 */
function cardLength(candidate: string): number {
  const separators = new Set(candidate.match(/[ -]/g) ?? []);
  if (separators.size > 1) return 0;
  if (separators.size === 0) return isCardNumber(candidate) ? candidate.length : 0;
  const groups = candidate.split(/[ -]/);
  if (groups.some((group) => group.length < 3)) {
    // A short trailing group (CVV, expiry month) may follow; the number's own groups may not be short.
    const firstShort = groups.findIndex((group) => group.length < 3);
    groups.length = firstShort;
  }
  for (let count = groups.length; count > 0; count--) {
    const taken = groups.slice(0, count);
    if (isCardNumber(taken.join(''))) return taken.join(' ').length;
  }
  return 0;
}

export const creditCardDetector: PiiDetector = {
  kind: 'card',
  mayOccurIn: (_text, hints) => hints.hasDigit,
  find(text, found) {
    scanCandidates(
      text,
      candidatePattern,
      'card',
      (match) => {
        const length = cardLength(match[0]);
        return length ? [match.index, match.index + length] : null;
      },
      found,
    );
  },
};
