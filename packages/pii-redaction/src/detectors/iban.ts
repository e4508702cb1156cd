import type { PiiDetector } from '../pii-span.ts';
import { scanCandidates } from './regex-scan.ts';

/** IBAN length per country (ISO 13616 registry): a candidate must have exactly this many characters. */
const ibanLengths: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29,
  BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29,
  ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28,
  HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20,
  LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19,
  MN: 20, MR: 27, MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29,
  PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24,
  SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, XK: 20,
  YE: 30,
}; // prettier-ignore

/** Country, check digits, then the account in groups: `DE89 3704 0044 0532 0130 00` or compact. */
const candidatePattern = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){10,30}/g;

/** ISO 7064 mod 97-10 over the rearranged IBAN (letters as 10–35), computed in chunks. */
export function passesIbanChecksum(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const value = code <= 57 ? code - 48 : code - 55;
    remainder = (remainder * (value > 9 ? 100 : 10) + value) % 97;
  }
  return remainder === 1;
}

/** Where the IBAN in this candidate ends (its country's length reached), or -1. */
function ibanEnd(candidate: string, start: number, text: string): number {
  const length = ibanLengths[candidate.slice(0, 2).toUpperCase()];
  if (length === undefined) return -1;
  let compact = '';
  let i = 0;
  for (; i < candidate.length && compact.length < length; i++) {
    const char = candidate[i]!;
    if (char !== ' ' && char !== '-') compact += char.toUpperCase();
  }
  if (compact.length !== length) return -1;
  // The IBAN must end where a word ends: `DE89...00` followed by more letters or digits is something else.
  if (/[A-Za-z0-9]/.test(text[start + i] ?? '')) return -1;
  return passesIbanChecksum(compact) ? start + i : -1;
}

export const ibanDetector: PiiDetector = {
  kind: 'iban',
  mayOccurIn: (_text, hints) => hints.hasDigit,
  find(text, found) {
    scanCandidates(
      text,
      candidatePattern,
      'iban',
      (match) => {
        const end = ibanEnd(match[0], match.index, text);
        return end > 0 ? [match.index, end] : null;
      },
      found,
    );
  },
};
