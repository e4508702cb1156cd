/**
 * The fake model's tokenizer, used for prompts and completions alike so that usage adds up.
 *
 * A token is optional leading whitespace followed by either a run of letters/digits or one
 * other character; whitespace at the very end of a text is one more token. So
 * `"Hello, world!"` is `Hello` `,` ` world` `!` (4 tokens), and joining the tokens of a text
 * always gives the text back, which is what lets a stream send exactly one token per chunk.
 */
const TOKEN = /\s*[\p{L}\p{N}]+|\s*[^\s\p{L}\p{N}]|\s+/gu;

export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  TOKEN.lastIndex = 0;
  let count = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}
