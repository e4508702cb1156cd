import type { PiiKind, PiiSpan } from '../pii-span.ts';

/**
 * Decides on one candidate match: the span to redact ([start, end) in the text), or null
 * when the candidate is not PII (bad checksum, looks like a date, ...).
 */
export type CandidateCheck = (match: RegExpExecArray, text: string) => [number, number] | null;

/**
 * Runs a global regex over the text and appends the accepted candidates. After a rejected
 * candidate the scan resumes one character later, so a valid value that starts inside a
 * longer rejected candidate is still found (candidate patterns are bounded, so this stays
 * linear in practice).
 */
export function scanCandidates(
  text: string,
  pattern: RegExp,
  kind: PiiKind,
  check: CandidateCheck,
  found: PiiSpan[],
): void {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const span = check(match, text);
    if (span) {
      found.push({ kind, start: span[0], end: span[1] });
      pattern.lastIndex = Math.max(span[1], match.index + 1);
    } else {
      pattern.lastIndex = match.index + 1;
    }
  }
}

/** The whole match as the span: for patterns whose match is the value itself. */
export const wholeMatch: CandidateCheck = (match) => [match.index, match.index + match[0].length];

/**
 * True when one of `keywords` ends within `window` characters before `index`: the context
 * that makes a bare number (`SSN 123456789`, `phone 4155550132`) worth redacting.
 */
export function keywordBefore(text: string, index: number, keywords: RegExp, window = 32): boolean {
  return keywords.test(text.slice(Math.max(0, index - window), index));
}
