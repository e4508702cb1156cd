import {
  gatewayErrors,
  maxRequestTags,
  routingTagPattern,
  routingTagsHeader,
} from '@alfred/contracts';

/**
 * The routing tags a client asks for in `x-alfred-tags: eu, zdr` (comma-separated; a
 * repeated header counts as one list), or undefined when it sends none. Anything malformed
 * is a 400 naming the header, so a typo never silently routes without the constraint.
 */
export function routingTagsFrom(header: string | string[] | undefined): string[] | undefined {
  if (header === undefined) return undefined;
  const raw = Array.isArray(header) ? header.join(',') : header;
  const tags = [...new Set(raw.split(',').map((tag) => tag.trim()))].filter((tag) => tag !== '');
  if (tags.length === 0) return undefined;
  if (tags.length > maxRequestTags) {
    throw invalidTags(`at most ${maxRequestTags} tags are allowed, got ${tags.length}`);
  }
  const bad = tags.find((tag) => !routingTagPattern.test(tag));
  if (bad !== undefined) {
    throw invalidTags(
      `'${bad.slice(0, 80)}' is not a valid tag (1 to 64 of letters, digits, _ . : = and -)`,
    );
  }
  return tags;
}

function invalidTags(reason: string) {
  return gatewayErrors.invalidRequest(
    `Invalid ${routingTagsHeader} header: ${reason}.`,
    routingTagsHeader,
    'invalid_tags',
  );
}
