import { createHash, randomBytes } from 'node:crypto';

const keyPrefix = 'sk-alfred-';

export interface NewApiKeySecret {
  /** The key itself: shown once to its owner, never stored. */
  apiKey: string;
  hash: Buffer;
  /** Enough to recognise the key in a list, not enough to use it. */
  displayPrefix: string;
}

export function generateApiKeySecret(): NewApiKeySecret {
  const apiKey = keyPrefix + randomBytes(32).toString('base64url');
  return { apiKey, hash: hashApiKey(apiKey), displayPrefix: displayPrefixOf(apiKey) };
}

/** SHA-256 is enough for 256-bit random keys: they cannot be guessed, so no slow KDF is needed. */
export function hashApiKey(apiKey: string): Buffer {
  return createHash('sha256').update(apiKey).digest();
}

export function displayPrefixOf(apiKey: string): string {
  return `${apiKey.slice(0, keyPrefix.length + 4)}…${apiKey.slice(-4)}`;
}
