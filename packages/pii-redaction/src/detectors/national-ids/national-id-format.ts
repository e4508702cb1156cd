import type { CandidateCheck } from '../regex-scan.ts';

/** One country's identifier: a candidate pattern (global) and the rule that confirms it. */
export interface NationalIdFormat {
  name: string;
  pattern: RegExp;
  check: CandidateCheck;
}

/** The match as the span when `valid` says so. */
export function spanIf(valid: boolean, match: RegExpExecArray): [number, number] | null {
  return valid ? [match.index, match.index + match[0].length] : null;
}
