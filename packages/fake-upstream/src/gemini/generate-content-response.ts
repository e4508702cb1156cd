import type { FinishReason, GeneratedChoice, Generation } from '../model/generation.ts';
import { interleavedPieces } from '../model/generation.ts';

export interface GeminiIdentity {
  model: string;
  responseId: string;
}

// Gemini reports function calls and stop sequences as a plain STOP.
const finishReasons: Record<FinishReason, string> = {
  end: 'STOP',
  stop_sequence: 'STOP',
  length: 'MAX_TOKENS',
  tool_call: 'STOP',
};

/** Cumulative, as Gemini sends it on every chunk; no thoughts, so total = prompt + candidates. */
function usageMetadata(promptTokens: number, candidatesTokens: number) {
  return {
    promptTokenCount: promptTokens,
    candidatesTokenCount: candidatesTokens,
    totalTokenCount: promptTokens + candidatesTokens,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: promptTokens }],
  };
}

/** Function calls come whole (Gemini never splits args); a cut-short one is left out. */
function functionCallParts(choice: GeneratedChoice) {
  const call = choice.toolCall;
  if (call === null || choice.finishReason === 'length') return [];
  return [{ functionCall: { name: call.name, args: JSON.parse(call.arguments) as unknown } }];
}

function candidate(choice: GeneratedChoice, parts: unknown[], finished: boolean) {
  const content = { parts, role: 'model' };
  if (!finished) return { content, index: choice.index };
  const finishReason = finishReasons[choice.finishReason];
  if (choice.finishReason === 'tool_call') {
    return {
      content,
      finishReason,
      index: choice.index,
      finishMessage: 'Model generated function call(s).',
    };
  }
  return { content, finishReason, index: choice.index };
}

function envelope(
  candidates: unknown[],
  generation: Generation,
  emitted: number,
  identity: GeminiIdentity,
) {
  return {
    candidates,
    usageMetadata: usageMetadata(generation.promptTokens, emitted),
    modelVersion: identity.model,
    responseId: identity.responseId,
  };
}

export function generateContentBody(generation: Generation, identity: GeminiIdentity) {
  const candidates = generation.choices.map((choice) =>
    candidate(
      choice,
      choice.toolCall !== null ? functionCallParts(choice) : [{ text: choice.text }],
      true,
    ),
  );
  return envelope(candidates, generation, generation.completionTokens, identity);
}

/**
 * The streamGenerateContent chunks: one per token (candidates interleaved), the
 * finishReason on each candidate's last chunk, cumulative usageMetadata on every chunk.
 * Function calls arrive whole, all candidates in one chunk.
 */
export function generateContentChunks(generation: Generation, identity: GeminiIdentity): unknown[] {
  const { choices } = generation;
  if (choices[0]?.toolCall != null) {
    const candidates = choices.map((choice) => candidate(choice, functionCallParts(choice), true));
    return [envelope(candidates, generation, generation.completionTokens, identity)];
  }
  const chunks: unknown[] = [];
  const sent = choices.map(() => 0);
  let emitted = 0;
  for (const [index, text] of interleavedPieces(generation)) {
    const choice = choices[index] as GeneratedChoice;
    sent[index] = (sent[index] as number) + 1;
    emitted++;
    const finished = sent[index] === choice.pieces.length;
    chunks.push(envelope([candidate(choice, [{ text }], finished)], generation, emitted, identity));
  }
  // An answer cut to nothing by a stop sequence still ends with a chunk saying so.
  for (const choice of choices) {
    if (choice.pieces.length === 0) {
      chunks.push(
        envelope([candidate(choice, [{ text: '' }], true)], generation, emitted, identity),
      );
    }
  }
  return chunks;
}
