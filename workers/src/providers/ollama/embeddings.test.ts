import { describe, expect, it } from 'vitest';
import { GatewayError } from '@alfred/contracts';
import { fixtureJson, responseContext, targetFor } from '../test-support/fixtures.ts';
import { ollamaConnector } from './index.ts';

const embeddings = ollamaConnector.embeddings!;
const target = targetFor('ollama', 'all-minilm', {}, {});

describe('Ollama embeddings', () => {
  it('posts to /api/embed', () => {
    const http = embeddings.buildRequest({ model: 'alias', input: 'Why is the sky blue?' }, target);
    expect(http.url).toBe('http://localhost:11434/api/embed');
    expect(JSON.parse(http.body)).toEqual(fixtureJson('ollama/embed.request.json'));
    const batch = embeddings.buildRequest(
      { model: 'alias', input: ['a', 'b'], dimensions: 256 },
      target,
    );
    expect(JSON.parse(batch.body)).toEqual({
      model: 'all-minilm',
      input: ['a', 'b'],
      dimensions: 256,
    });
    expect(() => embeddings.buildRequest({ model: 'alias', input: [[1, 2]] }, target)).toThrow(
      GatewayError,
    );
  });

  it('answers in OpenAI shape with prompt_eval_count as usage', () => {
    const body = fixtureJson<{ embeddings: number[][] }>('ollama/embed.response.json');
    const answer = embeddings.parseResponse(body, responseContext);
    expect(answer).toMatchObject({
      object: 'list',
      model: 'all-minilm',
      usage: { prompt_tokens: 8, total_tokens: 8 },
    });
    expect(answer.data).toEqual([{ object: 'embedding', index: 0, embedding: body.embeddings[0] }]);
  });

  it('encodes base64 when the client asked for it', () => {
    const answer = embeddings.parseResponse({ embeddings: [[0.5, -2]] }, responseContext, {
      model: 'alias',
      input: 'x',
      encoding_format: 'base64',
    });
    expect(answer.data[0]?.embedding).toBe(
      Buffer.from(Float32Array.from([0.5, -2]).buffer).toString('base64'),
    );
    expect(answer.model).toBe('client-model');
    expect(() => embeddings.parseResponse({ error: 'x' }, responseContext)).toThrow(GatewayError);
  });
});
