import { describe, expect, it } from 'vitest';
import { composeAnswer } from './answer-text.ts';
import { SeededRandom, hashText, mixSeeds } from './seeded-random.ts';
import { countTokens, tokenize } from './tokenizer.ts';

describe('the tokenizer', () => {
  it('splits words with their leading space, and punctuation one character at a time', () => {
    expect(tokenize('Hello, world!')).toEqual(['Hello', ',', ' world', '!']);
    expect(tokenize('{"a": 12}')).toEqual(['{', '"', 'a', '"', ':', ' 12', '}']);
    expect(countTokens('{"a": 12}')).toBe(7);
  });

  it('gives the text back when its tokens are joined, trailing whitespace and unicode included', () => {
    for (const text of ['', ' ', 'a  b ', 'naïve café — 東京!\n', 'x\ty\n\n', '😀 ok']) {
      expect(tokenize(text).join('')).toBe(text);
      expect(countTokens(text)).toBe(tokenize(text).length);
    }
  });
});

describe('composed answers', () => {
  it('have exactly the asked number of tokens, end with a period, and re-tokenize to themselves', () => {
    for (let seed = 0; seed < 200; seed++) {
      const length = 2 + (seed % 70);
      const pieces = composeAnswer(new SeededRandom(seed), length);
      const text = pieces.join('');
      expect(pieces).toHaveLength(length);
      expect(tokenize(text)).toEqual(pieces);
      expect(text.endsWith('.')).toBe(true);
      expect(text).not.toMatch(/[,.][,.]|, \.|\. \./);
    }
  });
});

describe('seeded randomness', () => {
  it('is the same for the same seed and differs between seeds', () => {
    const a = new SeededRandom(hashText('prompt'));
    const b = new SeededRandom(hashText('prompt'));
    expect([a.next(), a.int(1, 6), a.id(10)]).toEqual([b.next(), b.int(1, 6), b.id(10)]);
    expect(mixSeeds(1, 2)).not.toBe(mixSeeds(2, 1));
    expect(hashText('a')).not.toBe(hashText('b'));
  });
});
