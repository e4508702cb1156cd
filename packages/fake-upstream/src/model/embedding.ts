import { hashText, mixSeeds, SeededRandom } from './seeded-random.ts';

/**
 * A unit-length vector that depends only on the input text and its size, and that behaves
 * like a real embedding where the gateway's semantic cache can tell: texts with the same
 * content words land close, texts without common words land far apart.
 *
 * It is a hashed bag of words: lower-cased word tokens, stop words dropped, light suffix
 * stemming ("lists", "listed", "listing" → "list"), each word added with weight 1 to
 * `slotsPerWord` dimensions picked and signed by its hash, and each pair of neighbouring
 * words with weight `bigramWeight` (so word order counts a little), then L2-normalised.
 * So "What is the capital of France?" and "what's the capital of france" are identical,
 * "How do I reverse a list in Python?" and "How can I reverse a Python list?" are close
 * (~0.9), and "capital of France" vs "capital of Germany" share half (~0.5). Text with
 * no content words (only stop words or punctuation) gets a pseudo-random vector seeded
 * by the text, as every text did before.
 *
 * Values are rounded to 9 decimals (a JSON body of 1536 full doubles is twice as long for
 * nothing), and the base64 form is those same values as little-endian float32, as OpenAI
 * sends it.
 */
export function embedText(text: string, dimensions: number): number[] {
  const words = contentWords(text);
  const raw = words.length > 0 ? bagOfWords(words, dimensions) : randomVector(text, dimensions);
  let squares = 0;
  for (const value of raw) squares += value * value;
  const norm = Math.sqrt(squares) || 1;
  return raw.map((value) => Math.round((value / norm) * 1e9) / 1e9);
}

const slotsPerWord = 3;
const bigramWeight = 0.35;

function bagOfWords(words: string[], dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const add = (feature: string, weight: number) => {
    let hash = hashText(feature);
    for (let slot = 0; slot < slotsPerWord; slot++) {
      hash = mixSeeds(hash, slot);
      const sign = hash & 1 ? 1 : -1;
      const index = (hash >>> 1) % dimensions;
      vector[index] = (vector[index] as number) + sign * weight;
    }
  };
  words.forEach((word, i) => {
    add(word, 1);
    if (i > 0) add(`${words[i - 1]} ${word}`, bigramWeight);
  });
  return vector;
}

function randomVector(text: string, dimensions: number): number[] {
  const random = new SeededRandom(hashText(text));
  return Array.from({ length: dimensions }, () => random.next() * 2 - 1);
}

/** English function words: they say how a question is asked, not what it is about. */
const stopWords = new Set(
  (
    'a an the and or but if of to in on at by for with from as into about over under is are ' +
    'was were be been being am do does did doing done have has had having i me my we our you ' +
    'your he him his she her it its they them their this that these those what which who whom ' +
    'whose when where why how can could would should will shall may might must please tell ' +
    'explain give show let s t d ll re ve m not no so than then there here just also some any ' +
    'use using'
  ).split(' '),
);

/** Lower-cased word tokens without stop words, lightly stemmed. */
export function contentWords(text: string): string[] {
  const words: string[] = [];
  for (const token of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (token && !stopWords.has(token)) words.push(stem(token));
  }
  return words;
}

/** Strips the commonest English inflections, keeping at least three letters. */
function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's', 'e']) {
    if (word.length - suffix.length >= 3 && word.endsWith(suffix)) {
      return word.slice(0, -suffix.length);
    }
  }
  return word;
}

export function embeddingAsBase64(vector: number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
