import { describe, expect, it } from 'vitest';
import { post, useFakeUpstream } from '../test-support/http-client.ts';

const upstream = useFakeUpstream();

describe('POST /v1beta/models/{model}:embedContent and :batchEmbedContents', () => {
  it('answers 3072 stable unit-length values, or outputDimensionality of them', async () => {
    const body = {
      model: 'models/gemini-embedding-001',
      content: { parts: [{ text: 'Hello world' }] },
    };
    const res = await post(upstream(), '/v1beta/models/gemini-embedding-001:embedContent', body);
    expect(res.status).toBe(200);
    const values: number[] = res.json.embedding.values;
    expect(values).toHaveLength(3072);
    expect(Math.hypot(...values)).toBeCloseTo(1, 6);
    const small = await post(upstream(), '/v1beta/models/gemini-embedding-001:embedContent', {
      ...body,
      outputDimensionality: 8,
    });
    expect(small.json.embedding.values).toHaveLength(8);
    const batch = await post(upstream(), '/v1beta/models/gemini-embedding-001:batchEmbedContents', {
      requests: [body, { ...body, content: { parts: [{ text: 'other' }] } }],
    });
    expect(batch.json.embeddings).toHaveLength(2);
    expect(batch.json.embeddings[0].values).toEqual(values);
  });

  it('refuses empty content and empty batches', async () => {
    const empty = await post(upstream(), '/v1beta/models/e:embedContent', {
      content: { parts: [] },
    });
    expect(empty.status).toBe(400);
    expect(
      (
        await post(upstream(), '/v1beta/models/e:embedContent', {
          content: { parts: [{ text: 'x' }] },
          outputDimensionality: 70_000,
        })
      ).status,
    ).toBe(400);
    expect(
      (await post(upstream(), '/v1beta/models/e:batchEmbedContents', { requests: [] })).status,
    ).toBe(400);
  });
});
