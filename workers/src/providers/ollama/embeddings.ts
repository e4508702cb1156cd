import type { EmbeddingsConnector } from '../connector.ts';
import { embeddingsResponse, embeddingTexts } from '../embedding-encoding.ts';
import { count } from '../token-usage.ts';
import { malformedResponse } from '../upstream-errors.ts';
import { isJsonObject } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { bearerAuth, embedUrl } from './api.ts';

export const ollamaEmbeddings: EmbeddingsConnector = {
  buildRequest: (request, target) => {
    const texts = embeddingTexts(request, 'Ollama');
    return jsonPost(target, {
      url: embedUrl(target),
      auth: bearerAuth(target),
      body: {
        model: target.deployment.model,
        input: typeof request.input === 'string' ? request.input : texts,
        ...(request.dimensions ? { dimensions: request.dimensions } : {}),
      },
    });
  },
  parseResponse: (body, context, request) => {
    if (!isJsonObject(body) || !Array.isArray(body.embeddings)) {
      throw malformedResponse('an /api/embed answer without embeddings');
    }
    return embeddingsResponse({
      vectors: body.embeddings as number[][],
      model: typeof body.model === 'string' && body.model ? body.model : context.model,
      promptTokens: count(body.prompt_eval_count),
      encodingFormat: request?.encoding_format,
    });
  },
};
