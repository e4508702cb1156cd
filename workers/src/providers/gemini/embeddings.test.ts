import { describe, expect, it } from 'vitest';
import { GatewayError } from '@alfred/contracts';
import { fixtureJson, responseContext, targetFor } from '../test-support/fixtures.ts';
import { geminiConnector } from './index.ts';

const embeddings = geminiConnector.embeddings!;
const target = targetFor('gemini', 'gemini-embedding-001');

describe('Gemini embeddings', () => {
  it('embeds one text with embedContent', () => {
    const http = embeddings.buildRequest({ model: 'alias', input: 'Hello world' }, target);
    expect(http.url).toBe(
      'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:embedContent',
    );
    expect(http.headers['x-goog-api-key']).toBe('sk-test-key');
    expect(JSON.parse(http.body)).toEqual(fixtureJson('gemini/embed-content.request.json'));
  });

  it('embeds a list with batchEmbedContents and passes dimensions', () => {
    const http = embeddings.buildRequest(
      { model: 'alias', input: ['a', 'b'], dimensions: 768 },
      target,
    );
    expect(http.url).toMatch(/models\/gemini-embedding-001:batchEmbedContents$/);
    const request = (text: string) => ({
      model: 'models/gemini-embedding-001',
      content: { parts: [{ text }] },
      outputDimensionality: 768,
    });
    expect(JSON.parse(http.body)).toEqual({ requests: [request('a'), request('b')] });
  });

  it('refuses token-id input with a 400', () => {
    expect(() => embeddings.buildRequest({ model: 'alias', input: [1, 2, 3] }, target)).toThrow(
      GatewayError,
    );
  });

  it('answers in OpenAI shape, as floats or as base64 float32 when asked', () => {
    const body = fixtureJson<{ embedding: { values: number[] } }>(
      'gemini/embed-content.response.json',
    );
    const floats = embeddings.parseResponse(body, responseContext, {
      model: 'alias',
      input: 'Hello world',
    });
    expect(floats).toEqual({
      object: 'list',
      data: [{ object: 'embedding', index: 0, embedding: body.embedding.values }],
      model: 'client-model',
      usage: { prompt_tokens: 0, total_tokens: 0 },
    });
    const encoded = embeddings.parseResponse(body, responseContext, {
      model: 'alias',
      input: 'Hello world',
      encoding_format: 'base64',
    });
    const bytes = Buffer.from(encoded.data[0]!.embedding as string, 'base64');
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4));
    expect(decoded).toHaveLength(7);
    decoded.forEach((value, i) => expect(value).toBeCloseTo(body.embedding.values[i]!, 6));
  });

  it('reads batch answers and their usage when given', () => {
    const answer = embeddings.parseResponse(
      { embeddings: [{ values: [1] }, { values: [2] }], usageMetadata: { promptTokenCount: 4 } },
      responseContext,
    );
    expect(answer.data.map((item) => item.embedding)).toEqual([[1], [2]]);
    expect(answer.usage).toEqual({ prompt_tokens: 4, total_tokens: 4 });
    expect(() => embeddings.parseResponse({}, responseContext)).toThrow(GatewayError);
  });
});
