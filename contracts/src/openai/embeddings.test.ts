import { describe, expect, it } from 'vitest';
import { EmbeddingsRequestSchema } from './embeddings.ts';

describe('embeddings request schema', () => {
  it.each([['hello'], [['a', 'b']], [[1, 2, 3]], [[[1, 2], [3]]]])('accepts input %j', (input) => {
    expect(EmbeddingsRequestSchema.safeParse({ model: 'm', input }).success).toBe(true);
  });

  it.each([[''], [[]], [[1.5]], [{}], [null]])('rejects input %j', (input) => {
    expect(EmbeddingsRequestSchema.safeParse({ model: 'm', input }).success).toBe(false);
  });

  it('rejects an unknown encoding format and non-positive dimensions', () => {
    expect(
      EmbeddingsRequestSchema.safeParse({ model: 'm', input: 'x', encoding_format: 'hex' }).success,
    ).toBe(false);
    expect(
      EmbeddingsRequestSchema.safeParse({ model: 'm', input: 'x', dimensions: 0 }).success,
    ).toBe(false);
  });
});
