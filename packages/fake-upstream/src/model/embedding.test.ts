import { describe, expect, it } from 'vitest';
import { contentWords, embedText } from './embedding.ts';

const cosine = (a: number[], b: number[]) => a.reduce((sum, x, i) => sum + x * (b[i] as number), 0);
const similarity = (a: string, b: string, dimensions = 1536) =>
  cosine(embedText(a, dimensions), embedText(b, dimensions));

describe('fake embeddings', () => {
  it('are unit length and the same for the same text and size', () => {
    for (const text of ['What is the capital of France?', '???', '1 2 3']) {
      const vector = embedText(text, 256);
      expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 6);
      expect(embedText(text, 256)).toEqual(vector);
    }
  });

  it('place texts with the same content words together, whatever the wording around them', () => {
    expect(
      similarity('What is the capital of France?', "what's the capital of france"),
    ).toBeCloseTo(1, 6);
    expect(
      similarity('How do I reverse a list in Python?', 'How can I reverse a Python list?'),
    ).toBeGreaterThan(0.9);
    expect(similarity('Listing files', 'list the file')).toBeGreaterThan(0.95);
  });

  it('place texts about different things apart, and half-shared ones in between', () => {
    expect(
      similarity('Summarize the plot of Hamlet.', 'Who wrote Pride and Prejudice?'),
    ).toBeLessThan(0.2);
    const half = similarity('capital of France', 'capital of Germany');
    expect(half).toBeGreaterThan(0.3);
    expect(half).toBeLessThan(0.7);
  });

  it('give texts without content words distinct vectors rather than one shared vector', () => {
    expect(similarity('?', '!')).toBeLessThan(0.5);
  });

  it('keep only content words, lightly stemmed', () => {
    expect(contentWords('How are the cities listed?')).toEqual(['city', 'list']);
  });
});
