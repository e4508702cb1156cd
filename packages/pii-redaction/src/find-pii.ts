import { creditCardDetector } from './detectors/credit-card.ts';
import { emailDetector } from './detectors/email.ts';
import { ibanDetector } from './detectors/iban.ts';
import { nationalIdDetector } from './detectors/national-id.ts';
import { phoneNumberDetector } from './detectors/phone-number.ts';
import { secretDetector } from './detectors/secret.ts';
import { placeholders, type PiiDetector, type PiiKind, type PiiSpan } from './pii-span.ts';

export interface PiiOptions {
  /** Only these kinds (default: all). */
  kinds?: readonly PiiKind[] | undefined;
}

/** In priority order: where two findings overlap, the merged span takes the earlier kind. */
const detectors: PiiDetector[] = [
  secretDetector,
  ibanDetector,
  creditCardDetector,
  nationalIdDetector,
  emailDetector,
  phoneNumberDetector,
];
const priority = new Map(detectors.map((detector, index) => [detector.kind, index]));

const digit = /\d/;

/**
 * Every piece of PII in `text`, sorted, never overlapping. Overlapping findings (a card
 * number inside a longer digit run a phone check also liked) are merged into one span, so
 * redacting the spans never leaves part of a value behind.
 */
export function findPii(text: string, options: PiiOptions = {}): PiiSpan[] {
  if (text.length < 5) return [];
  const hints = { hasDigit: digit.test(text) };
  const found: PiiSpan[] = [];
  for (const detector of detectors) {
    if (options.kinds && !options.kinds.includes(detector.kind)) continue;
    if (detector.mayOccurIn(text, hints)) detector.find(text, found);
  }
  return mergeOverlapping(found);
}

function mergeOverlapping(spans: PiiSpan[]): PiiSpan[] {
  if (spans.length < 2) return spans;
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: PiiSpan[] = [{ ...spans[0]! }];
  for (let i = 1; i < spans.length; i++) {
    const span = spans[i]!;
    const last = merged[merged.length - 1]!;
    if (span.start >= last.end) {
      merged.push({ ...span });
      continue;
    }
    last.end = Math.max(last.end, span.end);
    if (priority.get(span.kind)! < priority.get(last.kind)!) last.kind = span.kind;
  }
  return merged;
}

/** `text` with each piece of PII replaced by its kind's placeholder (`[EMAIL]`, `[CARD]`, ...). */
export function redactPii(text: string, options: PiiOptions = {}): string {
  return redactSpans(text, findPii(text, options));
}

export function redactSpans(text: string, spans: readonly PiiSpan[]): string {
  if (spans.length === 0) return text;
  let redacted = '';
  let position = 0;
  for (const span of spans) {
    redacted += text.slice(position, span.start) + placeholders[span.kind];
    position = span.end;
  }
  return redacted + text.slice(position);
}
