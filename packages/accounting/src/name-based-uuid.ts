import { createHash } from 'node:crypto';

/**
 * A UUID derived from `name` (the first 16 bytes of its SHA-256, marked as an RFC 9562
 * version 8 UUID). The same name always gives the same id: a transfer whose id derives from
 * the request id can be inserted any number of times and exists once.
 */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest();
  bytes[6] = (bytes[6]! & 0x0f) | 0x80;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
