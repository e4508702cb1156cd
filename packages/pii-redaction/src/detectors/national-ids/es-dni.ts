import { spanIf, type NationalIdFormat } from './national-id-format.ts';

/**
 * Spanish DNI (`12345678Z`) and NIE (`X1234567L`): the letter is the number mod 23 looked
 * up in a fixed table, so a random number with a letter passes only once in 23 times.
 */
const checkLetters = 'TRWAGMYFPDXBNJZSQVHLCKE';

export function isValidDniOrNie(number: string, letter: string): boolean {
  const numeric = number.replace(/^[XYZ]/, (prefix) => String('XYZ'.indexOf(prefix)));
  return checkLetters[Number(numeric) % 23] === letter;
}

export const spanishDniOrNie: NationalIdFormat = {
  name: 'ES DNI/NIE',
  pattern: /(?<![\w.-])(\d{8}|[XYZ]-?\d{7})[- ]?([A-HJ-NP-TV-Z])(?![\w-])/g,
  check: (match) => spanIf(isValidDniOrNie(match[1]!.replace('-', ''), match[2]!), match),
};
