import type { SeededRandom } from './seeded-random.ts';

// Plain lower-case ASCII words: each one is exactly one token of the tokenizer, with or
// without its leading space, so the pieces built here are the tokenizer's own tokens.
const WORDS: readonly string[] = (
  'the model answer request gateway token stream quickly carefully river mountain signal ' +
  'budget ledger credit wallet route worker provider latency window context summary detail ' +
  'example result simple steady bright quiet useful clear small large early late always ' +
  'often rarely before after while because therefore and but with without over under ' +
  'through every some this that question system message number value amber cobalt silver ' +
  'forest harbor lantern orbit pebble meadow canyon glacier compass'
).split(' ');

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/**
 * A few sentences of exactly `tokenCount` tokens (at least 2), returned as their tokens.
 * Sentences end with `.`, some clauses with `,`; the text always ends with `.`.
 */
export function composeAnswer(random: SeededRandom, tokenCount: number): string[] {
  const target = Math.max(2, tokenCount);
  const pieces: string[] = [];
  let sentenceLength = 0;
  while (pieces.length < target - 1) {
    const word = random.pick(WORDS);
    const prefix = pieces.length === 0 ? '' : ' ';
    pieces.push(prefix + (sentenceLength === 0 ? capitalised(word) : word));
    sentenceLength++;
    // Punctuation never lands in the last two slots, so the text ends "word." and never ",.".
    const remaining = target - 1 - pieces.length;
    if (remaining < 3) continue;
    const roll = random.next();
    if (sentenceLength >= 5 && roll < 0.25) {
      pieces.push('.');
      sentenceLength = 0;
    } else if (sentenceLength >= 3 && roll < 0.35) {
      pieces.push(',');
    }
  }
  pieces.push('.');
  return pieces;
}

/** A short phrase for JSON string values: 1–3 words, no punctuation. */
export function composePhrase(random: SeededRandom): string {
  const count = random.int(1, 3);
  let phrase = random.pick(WORDS);
  for (let i = 1; i < count; i++) phrase += ' ' + random.pick(WORDS);
  return phrase;
}
