import type { EmbeddingsResponse } from '@alfred/contracts';
import type { EmbeddingsConnector, ResponseContext } from '../connector.ts';
import { malformedResponse } from '../upstream-errors.ts';
import { isJsonObject } from '../upstream-json.ts';
import { jsonPost } from '../upstream-request.ts';
import { bearerAuth, embeddingsUrl } from './api.ts';

/** Passes OpenAI's answer through, filling what compatible servers omit (Azure: `object`, `model`). */
export function parseOpenAIEmbeddings(body: unknown, context: ResponseContext): EmbeddingsResponse {
  if (!isJsonObject(body) || !Array.isArray(body.data)) {
    throw malformedResponse('an embeddings answer without data');
  }
  const usage = isJsonObject(body.usage) ? body.usage : { prompt_tokens: 0, total_tokens: 0 };
  return {
    ...body,
    object: 'list',
    data: body.data.map((item: unknown) =>
      isJsonObject(item) ? { object: 'embedding', ...item } : item,
    ),
    model: typeof body.model === 'string' && body.model !== '' ? body.model : context.model,
    usage,
  } as EmbeddingsResponse;
}

export const openAIEmbeddings: EmbeddingsConnector = {
  buildRequest: (request, target) =>
    jsonPost(target, {
      url: embeddingsUrl(target),
      auth: bearerAuth(target),
      body: { ...request, model: target.deployment.model },
    }),
  parseResponse: parseOpenAIEmbeddings,
};
