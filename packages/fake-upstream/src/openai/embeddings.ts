import type { EmbeddingsResponse } from '@alfred/contracts';
import type { Endpoint } from '../endpoint.ts';
import { embeddingAsBase64, embedText } from '../model/embedding.ts';
import { countTokens } from '../model/tokenizer.ts';
import {
  optionalPositiveInteger,
  optionalString,
  requireObject,
} from '../transport/body-fields.ts';
import { InvalidRequestError } from '../transport/invalid-request.ts';
import { jsonReply } from '../transport/reply.ts';
import { azureErrors, openAiErrors } from './errors.ts';

interface EmbeddingInput {
  /** What the vector is seeded by: the text, or the token ids joined. */
  text: string;
  tokens: number;
}

const isTokenArray = (value: unknown): value is number[] =>
  Array.isArray(value) && value.length > 0 && value.every((t) => Number.isInteger(t) && t >= 0);

/** `input` as OpenAI accepts it: a string, strings, token ids, or lists of token ids. */
function readInputs(input: unknown): EmbeddingInput[] {
  const invalid = () =>
    new InvalidRequestError("'$.input' is invalid. Please check the API reference.", 'input');
  if (typeof input === 'string') {
    if (input === '') throw invalid();
    return [{ text: input, tokens: countTokens(input) }];
  }
  if (isTokenArray(input)) return [{ text: input.join(' '), tokens: input.length }];
  if (!Array.isArray(input) || input.length === 0 || input.length > 2048) throw invalid();
  return input.map((item) => {
    if (typeof item === 'string' && item !== '') return { text: item, tokens: countTokens(item) };
    if (isTokenArray(item)) return { text: item.join(' '), tokens: item.length };
    throw invalid();
  });
}

function embeddingsEndpoint(azure: boolean): Endpoint {
  return {
    errors: azure ? azureErrors : openAiErrors,
    readsBody: true,
    answer(raw, context) {
      const body = requireObject(raw, 'body');
      const model = optionalString(body, 'model') ?? (azure ? context.pathParameter : null);
      if (model === null)
        throw new InvalidRequestError('you must provide a model parameter', 'model');
      const format = optionalString(body, 'encoding_format') ?? 'float';
      if (format !== 'float' && format !== 'base64') {
        throw new InvalidRequestError(
          "Invalid value for 'encoding_format': expected 'float' or 'base64'.",
          'encoding_format',
        );
      }
      const dimensions =
        optionalPositiveInteger(body, 'dimensions') ?? context.settings.embeddingDimensions;
      if (dimensions > 65_536)
        throw new InvalidRequestError("'dimensions' is too large.", 'dimensions');
      const inputs = readInputs(body.input);
      let promptTokens = 0;
      const data = inputs.map((input, index) => {
        promptTokens += input.tokens;
        const vector = embedText(input.text, dimensions);
        const embedding = format === 'base64' ? embeddingAsBase64(vector) : vector;
        return { object: 'embedding' as const, index, embedding };
      });
      const response: EmbeddingsResponse = {
        object: 'list',
        data,
        model,
        usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
      };
      return jsonReply(200, response);
    },
  };
}

/** POST /v1/embeddings */
export const openAiEmbeddingsEndpoint = embeddingsEndpoint(false);
/** POST /openai/deployments/{deployment}/embeddings?api-version=… */
export const azureEmbeddingsEndpoint = embeddingsEndpoint(true);
