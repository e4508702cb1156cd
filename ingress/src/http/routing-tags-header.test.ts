import { GatewayError } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { routingTagsFrom } from './routing-tags-header.ts';

function errorOf(header: string | string[]): GatewayError {
  try {
    routingTagsFrom(header);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('x-alfred-tags header', () => {
  it('is no tags when absent or empty', () => {
    expect(routingTagsFrom(undefined)).toBeUndefined();
    expect(routingTagsFrom(' , ')).toBeUndefined();
  });

  it('splits on commas, trims, drops duplicates, and joins repeated headers', () => {
    expect(routingTagsFrom(' eu, zdr ,eu')).toEqual(['eu', 'zdr']);
    expect(routingTagsFrom(['eu', 'tier=gold'])).toEqual(['eu', 'tier=gold']);
  });

  it('rejects a malformed tag with a 400 naming the header', () => {
    const error = errorOf('eu, no spaces');
    expect(error.status).toBe(400);
    expect(error.toBody().error).toMatchObject({
      type: 'invalid_request_error',
      param: 'x-alfred-tags',
      code: 'invalid_tags',
    });
    expect(errorOf('x'.repeat(65)).status).toBe(400);
  });

  it('rejects more than 16 tags', () => {
    const tags = Array.from({ length: 17 }, (_, i) => `t${i}`).join(',');
    expect(errorOf(tags).message).toMatch(/at most 16 tags/);
    expect(routingTagsFrom(tags.split(',').slice(0, 16).join(','))).toHaveLength(16);
  });
});
