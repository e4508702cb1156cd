import { gatewayErrors } from '@alfred/contracts';
import type { EmbeddingsRequest, EmbeddingsResponse } from '@alfred/contracts';

/** Building OpenAI embeddings answers for providers that speak another format. */

/** The texts to embed; token-id inputs are an OpenAI tokenizer feature other providers lack. */
export function embeddingTexts(request: EmbeddingsRequest, provider: string): string[] {
  const input = request.input;
  if (typeof input === 'string') return [input];
  if (input.every((item): item is string => typeof item === 'string')) return input;
  throw gatewayErrors.invalidRequest(
    `${provider} embedding models accept text input only, not token arrays.`,
    'input',
  );
}

/** OpenAI's base64 encoding: the little-endian float32 bytes of the vector. */
export function float32Base64(values: number[]): string {
  const floats = Float32Array.from(values);
  return Buffer.from(floats.buffer, floats.byteOffset, floats.byteLength).toString('base64');
}

export interface EmbeddingList {
  vectors: number[][];
  model: string;
  promptTokens: number;
  encodingFormat: EmbeddingsRequest['encoding_format'];
}

export function embeddingsResponse(list: EmbeddingList): EmbeddingsResponse {
  return {
    object: 'list',
    data: list.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: list.encodingFormat === 'base64' ? float32Base64(vector) : vector,
    })),
    model: list.model,
    usage: { prompt_tokens: list.promptTokens, total_tokens: list.promptTokens },
  };
}
