import type { PiiDetector } from '../pii-span.ts';
import { germanTaxId } from './national-ids/de-tax-id.ts';
import { spanishDniOrNie } from './national-ids/es-dni.ts';
import { frenchInseeNumber } from './national-ids/fr-insee.ts';
import type { NationalIdFormat } from './national-ids/national-id-format.ts';
import { ukNationalInsuranceNumber } from './national-ids/uk-nino.ts';
import { usSocialSecurityNumber } from './national-ids/us-ssn.ts';
import { scanCandidates } from './regex-scan.ts';

/** Each format validates its own check digits or allocation rules; see its file. */
export const nationalIdFormats: NationalIdFormat[] = [
  usSocialSecurityNumber,
  ukNationalInsuranceNumber,
  frenchInseeNumber,
  spanishDniOrNie,
  germanTaxId,
];

export const nationalIdDetector: PiiDetector = {
  kind: 'national_id',
  mayOccurIn: (_text, hints) => hints.hasDigit,
  find(text, found) {
    for (const format of nationalIdFormats) {
      scanCandidates(text, format.pattern, 'national_id', format.check, found);
    }
  },
};
