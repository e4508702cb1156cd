import type { EmbeddingsConnector } from '../connector.ts';
import { parseOpenAIEmbeddings } from '../openai/embeddings.ts';
import { jsonPost } from '../upstream-request.ts';
import { apiKeyAuth, deploymentUrl } from './api.ts';

export const azureEmbeddings: EmbeddingsConnector = {
  buildRequest: (request, target) => {
    const { model: _clientModel, ...body } = request;
    return jsonPost(target, {
      url: deploymentUrl(target, 'embeddings'),
      auth: apiKeyAuth(target),
      body,
    });
  },
  parseResponse: parseOpenAIEmbeddings,
};
