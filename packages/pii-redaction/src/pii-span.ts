import type { PiiKind } from '@alfred/contracts';

export type { PiiKind };

/** One occurrence of PII in a text: `text.slice(start, end)` is the value. */
export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

/** What every detector is: a cheap pre-check and a scan that appends what it finds. */
export interface PiiDetector {
  kind: PiiKind;
  /** False when the text cannot hold this kind (no digit, no '@', ...): the scan is skipped. */
  mayOccurIn(text: string, hints: TextHints): boolean;
  find(text: string, found: PiiSpan[]): void;
}

/** Facts about a text computed once and shared by every detector's pre-check. */
export interface TextHints {
  hasDigit: boolean;
}

/** The placeholder each kind is replaced with; what a reader of a redacted log sees. */
export const placeholders: Record<PiiKind, string> = {
  email: '[EMAIL]',
  phone: '[PHONE]',
  card: '[CARD]',
  iban: '[IBAN]',
  national_id: '[NATIONAL_ID]',
  secret: '[SECRET]',
};

export const piiKinds = Object.keys(placeholders) as PiiKind[];
