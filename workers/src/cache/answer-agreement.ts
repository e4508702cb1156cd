import type { ChatCompletionResponse } from '@alfred/contracts';
import { canonicalJson } from './request-fingerprint.ts';

/**
 * Shadow mode's judge of a would-be semantic hit: does the cached answer say what the
 * provider's fresh answer says? Tool calls agree when they call the same functions with
 * the same arguments. Text agrees when it is the same after normalising case, punctuation
 * and spacing, or when the two share most of their words (Dice coefficient of the word
 * sets ≥ `minOverlap`): two answers to one question, even sampled anew, share most content
 * words, and answers to different questions share few. A heuristic, meant to rank
 * thresholds against each other on real traffic, not to prove one right.
 */
export function answersAgree(
  cached: ChatCompletionResponse,
  fresh: ChatCompletionResponse,
  minOverlap = 0.5,
): boolean {
  const a = cached.choices[0]?.message;
  const b = fresh.choices[0]?.message;
  if (!a || !b) return false;
  const callsA = (a.tool_calls ?? []).map((c) => toolCallKey(c.function));
  const callsB = (b.tool_calls ?? []).map((c) => toolCallKey(c.function));
  if (callsA.length > 0 || callsB.length > 0) return callsA.join('\n') === callsB.join('\n');
  const textA = normalizedText(a.content ?? a.refusal ?? '');
  const textB = normalizedText(b.content ?? b.refusal ?? '');
  if (textA === textB) return true;
  return wordOverlap(textA, textB) >= minOverlap;
}

function toolCallKey(fn: { name: string; arguments: string }): string {
  try {
    return `${fn.name}:${canonicalJson(JSON.parse(fn.arguments))}`;
  } catch {
    return `${fn.name}:${fn.arguments}`;
  }
}

export function normalizedText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Dice coefficient of the two texts' word sets. */
export function wordOverlap(a: string, b: string): number {
  const wordsA = new Set(a.split(' ').filter(Boolean));
  const wordsB = new Set(b.split(' ').filter(Boolean));
  if (wordsA.size === 0 && wordsB.size === 0) return 1;
  let shared = 0;
  for (const word of wordsA) if (wordsB.has(word)) shared++;
  return (2 * shared) / (wordsA.size + wordsB.size);
}
