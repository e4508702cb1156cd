import { spanIf, type NationalIdFormat } from './national-id-format.ts';

/**
 * French social security number (NIR / numéro INSEE): sex, year, month, département
 * (2A/2B for Corsica), commune, order, then a two-digit key = 97 − (first 13 digits mod 97),
 * compact or spaced as on the carte Vitale (`2 84 12 76 451 089 46`).
 */
export function isValidInsee(number: string): boolean {
  const month = Number(number.slice(3, 5));
  if (!((month >= 1 && month <= 12) || month >= 20)) return false;
  // Corsica's 2A and 2B count as 19 and 18 in the key.
  const numeric = number.slice(0, 13).replace('2A', '19').replace('2B', '18');
  const key = Number(number.slice(13));
  return 97 - (Number(numeric) % 97) === key;
}

export const frenchInseeNumber: NationalIdFormat = {
  name: 'FR INSEE',
  pattern:
    /(?<![\w.-])([12]) ?(\d{2}) ?(\d{2}) ?(\d{2}|2[AB]) ?(\d{3}) ?(\d{3}) ?(\d{2})(?![\w-])/g,
  check: (match) => spanIf(isValidInsee(match.slice(1, 8).join('')), match),
};
