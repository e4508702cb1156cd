import { describe, expect, it } from 'vitest';
import { responseContext, targetFor } from '../test-support/fixtures.ts';
import { azureOpenAIConnector } from './index.ts';

const embeddings = azureOpenAIConnector.embeddings!;

describe('Azure OpenAI embeddings', () => {
  it('posts to the deployment without a model in the body', () => {
    const http = embeddings.buildRequest(
      { model: 'alias', input: ['a', 'b'], encoding_format: 'base64' },
      targetFor('azure-openai', 'embed-large', { baseUrl: 'https://contoso.openai.azure.com/' }),
    );
    expect(http.url).toBe(
      'https://contoso.openai.azure.com/openai/deployments/embed-large/embeddings?api-version=2024-10-21',
    );
    expect(http.headers['api-key']).toBe('sk-test-key');
    expect(JSON.parse(http.body)).toEqual({ input: ['a', 'b'], encoding_format: 'base64' });
  });

  it("completes Azure's answer, which has no object or model", () => {
    const answer = embeddings.parseResponse(
      { data: [{ index: 0, embedding: [0.1, 0.2] }], usage: { prompt_tokens: 3, total_tokens: 3 } },
      responseContext,
    );
    expect(answer).toEqual({
      object: 'list',
      model: 'client-model',
      data: [{ object: 'embedding', index: 0, embedding: [0.1, 0.2] }],
      usage: { prompt_tokens: 3, total_tokens: 3 },
    });
  });
});
