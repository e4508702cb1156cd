import type { PiiDetector } from '../pii-span.ts';
import { scanCandidates, wholeMatch, type CandidateCheck } from './regex-scan.ts';

interface SecretFormat {
  pattern: RegExp;
  check: CandidateCheck;
}

/** The value in capture group 1 (the `d` flag gives its indices): `Bearer <token>` keeps "Bearer". */
const firstGroup: CandidateCheck = (match) => (match.indices?.[1] ? [...match.indices[1]] : null);

const hasLetterAndDigit = (token: string) => /\d/.test(token) && /[A-Za-z]/.test(token);

/** Values an assignment may hold that are not secrets: placeholders and literals. */
const notSecretValues =
  /^(?:\[[A-Z_]+\]|\*+|<[^>]*>|\$\{[^}]*\}|null|none|undefined|true|false|redacted|x+)$/i;

const secretFormats: SecretFormat[] = [
  // OpenAI (sk-..., sk-proj-..., sk-svcacct-...), Anthropic (sk-ant-...), Alfred (sk-alfred-...).
  {
    pattern: /(?<![A-Za-z0-9_-])sk-(?:(?:proj|svcacct|admin|ant|alfred)-)?[A-Za-z0-9_-]{20,}/g,
    check: (match) =>
      /^sk-(?:proj|svcacct|admin|ant|alfred)-/.test(match[0]) || hasLetterAndDigit(match[0])
        ? wholeMatch(match, '')
        : null,
  },
  // Stripe secret and restricted keys.
  { pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}/g, check: wholeMatch },
  // AWS access key ids.
  {
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
    check: wholeMatch,
  },
  // GitHub tokens: classic (ghp_, gho_, ghu_, ghs_, ghr_) and fine-grained.
  { pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,255}/g, check: wholeMatch },
  { pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{22,255}/g, check: wholeMatch },
  // Slack bot/user/app tokens.
  { pattern: /(?<![A-Za-z0-9-])(?:xox[abposr]|xapp)-[A-Za-z0-9-]{10,}/g, check: wholeMatch },
  // Google API keys.
  { pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, check: wholeMatch },
  // JWTs: base64url JSON header and payload (both start `eyJ`, i.e. `{"`), then the signature.
  {
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    check: wholeMatch,
  },
  // HTTP credentials in a header or a curl line.
  {
    pattern: /(?<![A-Za-z])(?:bearer|token)\s+([A-Za-z0-9._~+/=-]{16,})/dgi,
    check: (match, text) => (hasLetterAndDigit(match[1]!) ? firstGroup(match, text) : null),
  },
  {
    pattern: /(?<![A-Za-z])basic\s+([A-Za-z0-9+/]{12,}={0,2})(?![A-Za-z0-9+/=])/dgi,
    check: firstGroup,
  },
  // Credentials in a URL: scheme://user:password@host.
  { pattern: /[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:([^\s@/]{1,256})@/dgi, check: firstGroup },
  // Assignments in config, code, env files and JSON: `password=...`, `"api_key": "..."`.
  {
    pattern:
      /(?<![A-Za-z0-9])(?:[a-z0-9]+[_-]){0,3}(?:password|passwd|pwd|passphrase|secret|api[_-]?key|apikey|access[_-]?key|secret[_-]?key|private[_-]?key|client[_-]?secret|access[_-]?token|auth[_-]?token|refresh[_-]?token|token|credentials?)["']?\s*(?:[:=]|=>)\s*["']?([^\s"',;{}()[\]]{4,})/dgi,
    check: (match, text) =>
      notSecretValues.test(match[1]!) || /^\d{1,7}$/.test(match[1]!)
        ? null
        : firstGroup(match, text),
  },
  // "my password is ..." in prose: only values that look like passwords (letters and digits).
  {
    pattern:
      /(?<![A-Za-z])(?:password|passphrase|passcode|pin code)\s+is\s+["']?(\S{3,127}[^\s.,;:!?"'])/dgi,
    check: (match, text) => (hasLetterAndDigit(match[1]!) ? firstGroup(match, text) : null),
  },
];

/** PEM private keys, including a block cut off before its END line. */
const pemBegin = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----/g;
const pemBodyRest = /(?:[A-Za-z0-9+/=:\s-]|\\[nr])*/y;

function findPemKeys(text: string, found: Parameters<PiiDetector['find']>[1]): void {
  pemBegin.lastIndex = 0;
  for (let match = pemBegin.exec(text); match !== null; match = pemBegin.exec(text)) {
    const endLine = `-----END ${match[1]}-----`;
    const endAt = text.indexOf(endLine, pemBegin.lastIndex);
    let end: number;
    if (endAt >= 0) {
      end = endAt + endLine.length;
    } else {
      pemBodyRest.lastIndex = pemBegin.lastIndex;
      pemBodyRest.exec(text);
      end = pemBodyRest.lastIndex;
    }
    found.push({ kind: 'secret', start: match.index, end });
    pemBegin.lastIndex = end;
  }
}

/** Words and prefixes without which no format above can match: the pre-check. */
const secretHint =
  /sk-|[sr]k_|AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|xox|xapp-|AIza|eyJ|bearer|basic|token|:\/\/|pass|pwd|secret|key|credential|pin code|PRIVATE/i;

export const secretDetector: PiiDetector = {
  kind: 'secret',
  mayOccurIn: (text) => secretHint.test(text),
  find(text, found) {
    findPemKeys(text, found);
    for (const format of secretFormats) {
      scanCandidates(text, format.pattern, 'secret', format.check, found);
    }
  },
};
