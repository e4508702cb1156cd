import type { Endpoint } from '../endpoint.ts';
import { embedText } from '../model/embedding.ts';
import {
  isObject,
  optionalArray,
  optionalPositiveInteger,
  requireObject,
} from '../transport/body-fields.ts';
import { InvalidRequestError } from '../transport/invalid-request.ts';
import { jsonReply } from '../transport/reply.ts';
import { geminiErrors } from './errors.ts';
import { geminiJsonHeaders } from './generate-content.ts';

/** gemini-embedding-001 answers 3072 values unless outputDimensionality asks for fewer. */
export const GEMINI_EMBEDDING_DIMENSIONS = 3072;

function embedOne(request: unknown, field: string): { values: number[] } {
  const body = requireObject(request, field);
  const parts =
    isObject(body.content) && Array.isArray(body.content.parts) ? body.content.parts : [];
  const text = parts.map((p) => (isObject(p) && typeof p.text === 'string' ? p.text : '')).join('');
  if (text === '')
    throw new InvalidRequestError(
      `* ${field}.content: must contain at least one text part`,
      'content',
    );
  const dimensions =
    optionalPositiveInteger(body, 'outputDimensionality') ?? GEMINI_EMBEDDING_DIMENSIONS;
  if (dimensions > 65_536)
    throw new InvalidRequestError('* outputDimensionality: too large', 'outputDimensionality');
  return { values: embedText(text, dimensions) };
}

/** POST /v1beta/models/{model}:embedContent → `{"embedding": {"values": […]}}` */
export const geminiEmbedContentEndpoint: Endpoint = {
  errors: geminiErrors,
  readsBody: true,
  answer(body) {
    return jsonReply(200, { embedding: embedOne(body, 'EmbedContentRequest') }, geminiJsonHeaders);
  },
};

/** POST /v1beta/models/{model}:batchEmbedContents → `{"embeddings": [{"values": […]}, …]}` */
export const geminiBatchEmbedContentsEndpoint: Endpoint = {
  errors: geminiErrors,
  readsBody: true,
  answer(body) {
    const requests = optionalArray(requireObject(body, 'BatchEmbedContentsRequest'), 'requests');
    if (requests.length === 0) {
      throw new InvalidRequestError(
        '* BatchEmbedContentsRequest.requests: must not be empty',
        'requests',
      );
    }
    const embeddings = requests.map((r, i) =>
      embedOne(r, `BatchEmbedContentsRequest.requests[${i}]`),
    );
    return jsonReply(200, { embeddings }, geminiJsonHeaders);
  },
};
