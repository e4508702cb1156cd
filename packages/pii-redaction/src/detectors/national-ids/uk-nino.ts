import { spanIf, type NationalIdFormat } from './national-id-format.ts';

/**
 * UK National Insurance number: two prefix letters, six digits, suffix A–D, optionally
 * spaced (`QQ 12 34 56 C`). D, F, I, Q, U, V are never prefix letters (O never second),
 * and BG, GB, KN, NK, NT, TN, ZZ are never allocated.
 */
const unallocatedPrefixes = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

export const ukNationalInsuranceNumber: NationalIdFormat = {
  name: 'UK NINO',
  pattern:
    /(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g,
  check: (match) => spanIf(!unallocatedPrefixes.has(match[1]!), match),
};
