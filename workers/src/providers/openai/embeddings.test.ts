import { describe, expect, it } from 'vitest';
import type { EmbeddingsRequest } from '@alfred/contracts';
import { GatewayError } from '@alfred/contracts';
import { fixtureJson, responseContext, targetFor } from '../test-support/fixtures.ts';
import { openAIConnector } from './index.ts';

const embeddings = openAIConnector.embeddings!;

describe('OpenAI embeddings', () => {
  it('posts the request to /embeddings with the deployment model', () => {
    const request = fixtureJson<EmbeddingsRequest>('openai/embeddings.request.json');
    const http = embeddings.buildRequest(
      { ...request, model: 'alias' },
      targetFor('openai', 'text-embedding-ada-002'),
    );
    expect(http.url).toBe('https://api.openai.com/v1/embeddings');
    expect(http.headers.authorization).toBe('Bearer sk-test-key');
    expect(JSON.parse(http.body)).toEqual(request);
  });

  it('passes the answer through', () => {
    const body = fixtureJson('openai/embeddings.response.json');
    expect(embeddings.parseResponse(body, responseContext)).toEqual(body);
  });

  it('fills object, model and usage a compatible server left out', () => {
    const answer = embeddings.parseResponse(
      { data: [{ index: 0, embedding: [0.5] }] },
      responseContext,
    );
    expect(answer).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: [0.5] }],
      model: 'client-model',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
  });

  it('rejects an answer without data', () => {
    expect(() => embeddings.parseResponse({}, responseContext)).toThrow(GatewayError);
  });
});
