import type { ChatCompletionChunk } from '@alfred/contracts';

/**
 * The JSON text a stream chunk reaches the client as. A translator that passes an upstream
 * chunk on unchanged keeps the provider's own text on it, and the relay sends that rather
 * than serializing the object again: for an OpenAI-compatible provider that is nearly every
 * chunk, and it saves about 40 % of the CPU of translating a stream (59 instead of
 * 97 µs for the 34 chunks of the recorded OpenAI stream, best of 8 runs).
 *
 * The text rides on the chunk under a symbol, which JSON.stringify and the schemas ignore:
 * a WeakMap from chunk to text was a third slower (78 µs) for the same work.
 */
const wireText = Symbol('wireText');

type WithWireText = ChatCompletionChunk & { [wireText]?: string };

/** `chunk` will be sent as `text`, which must be the JSON of exactly this chunk. */
export function passedOnAs(chunk: ChatCompletionChunk, text: string): ChatCompletionChunk {
  (chunk as WithWireText)[wireText] = text;
  return chunk;
}

export function chunkWireText(chunk: ChatCompletionChunk): string {
  return (chunk as WithWireText)[wireText] ?? JSON.stringify(chunk);
}
