import type { EmbeddingsConnector } from '../connector.ts';
import { embeddingsResponse, embeddingTexts } from '../embedding-encoding.ts';
import { count } from '../token-usage.ts';
import { malformedResponse } from '../upstream-errors.ts';
import { isJsonObject } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { apiKeyAuth, embedContentUrl, modelResourceName } from './api.ts';

/**
 * One text goes to embedContent, a list to batchEmbedContents (one request per text).
 * Neither reports token usage on every model version: missing usage is billed as 0.
 */
export const geminiEmbeddings: EmbeddingsConnector = {
  buildRequest: (request, target) => {
    const texts = embeddingTexts(request, 'Gemini');
    const model = modelResourceName(target.deployment.model);
    const embedRequest = (text: string) => ({
      model,
      content: { parts: [{ text }] },
      ...(request.dimensions ? { outputDimensionality: request.dimensions } : {}),
    });
    const batch = typeof request.input !== 'string';
    return jsonPost(target, {
      url: embedContentUrl(target, batch),
      auth: apiKeyAuth(target),
      body: batch ? { requests: texts.map(embedRequest) } : embedRequest(texts[0] ?? ''),
    });
  },
  parseResponse: (body, context, request) => {
    const embeddings = isJsonObject(body)
      ? (body.embeddings ?? (body.embedding ? [body.embedding] : undefined))
      : undefined;
    if (!Array.isArray(embeddings))
      throw malformedResponse('an embedContent answer without embeddings');
    const usage = isJsonObject(body) && isJsonObject(body.usageMetadata) ? body.usageMetadata : {};
    return embeddingsResponse({
      vectors: embeddings.map((embedding: unknown) =>
        isJsonObject(embedding) && Array.isArray(embedding.values)
          ? (embedding.values as number[])
          : [],
      ),
      model: context.model,
      promptTokens: count(usage.promptTokenCount),
      encodingFormat: request?.encoding_format,
    });
  },
};
