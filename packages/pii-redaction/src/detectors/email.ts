import type { PiiDetector } from '../pii-span.ts';
import { scanCandidates } from './regex-scan.ts';

/**
 * Addresses as people write them (`jane.doe+tag@mail.example.co.uk`), also URL-encoded
 * (`jane%40example.com`). Every part is length-bounded (RFC 5321: 64-character local
 * part, 63-character labels), which also keeps the scan linear on hostile input.
 */
const emailPattern =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9_][A-Za-z0-9._%+-]{0,63}(?:@|%40)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}([A-Za-z]{2,24})(?![A-Za-z0-9-])/g;

/** `icon@2x.png`, `logo@3x.webp`: asset names, not addresses. */
const fileExtensions = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'bmp', 'avif',
  'css', 'js', 'mjs', 'ts', 'json', 'map', 'html', 'txt', 'pdf',
]); // prettier-ignore

export const emailDetector: PiiDetector = {
  kind: 'email',
  mayOccurIn: (text) => text.includes('@') || text.includes('%40'),
  find(text, found) {
    scanCandidates(
      text,
      emailPattern,
      'email',
      (match) => {
        if (fileExtensions.has(match[1]!.toLowerCase())) return null;
        return [match.index, match.index + match[0].length];
      },
      found,
    );
  },
};
