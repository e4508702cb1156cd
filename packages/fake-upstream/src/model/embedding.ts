import { hashText, SeededRandom } from './seeded-random.ts';

/**
 * A unit-length vector that depends only on the input text and its size. Values are
 * rounded to 9 decimals (a JSON body of 1536 full doubles is twice as long for nothing),
 * and the base64 form is those same values as little-endian float32, as OpenAI sends it.
 */
export function embedText(text: string, dimensions: number): number[] {
  const random = new SeededRandom(hashText(text));
  const raw = new Array<number>(dimensions);
  let squares = 0;
  for (let i = 0; i < dimensions; i++) {
    const value = random.next() * 2 - 1;
    raw[i] = value;
    squares += value * value;
  }
  const norm = Math.sqrt(squares) || 1;
  for (let i = 0; i < dimensions; i++) raw[i] = Math.round(((raw[i] as number) / norm) * 1e9) / 1e9;
  return raw;
}

export function embeddingAsBase64(vector: number[]): string {
  const floats = Float32Array.from(vector);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}
