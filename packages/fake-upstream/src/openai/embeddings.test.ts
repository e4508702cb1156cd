import { describe, expect, it } from 'vitest';
import { countTokens } from '../model/tokenizer.ts';
import { post, useFakeUpstream } from '../test-support/http-client.ts';

const upstream = useFakeUpstream({ models: ['alpha', 'beta'] });

const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

async function embed(body: Record<string, unknown>, path = '/v1/embeddings') {
  const res = await post(upstream(), path, { model: 'text-embedding-3-small', ...body });
  expect(res.status, res.text).toBe(200);
  return res.json as {
    object: string;
    model: string;
    data: Array<{ object: string; index: number; embedding: number[] | string }>;
    usage: { prompt_tokens: number; total_tokens: number };
  };
}

describe('POST /v1/embeddings', () => {
  it('answers 1536 unit-length floats per input, stable per string, with prompt token usage', async () => {
    const res = await embed({ input: ['The food was delicious', 'and the waiter was kind'] });
    expect(res.object).toBe('list');
    expect(res.model).toBe('text-embedding-3-small');
    expect(res.data.map((d) => [d.object, d.index])).toEqual([
      ['embedding', 0],
      ['embedding', 1],
    ]);
    const [a, b] = res.data.map((d) => d.embedding as number[]);
    expect(a).toHaveLength(1536);
    expect(norm(a!)).toBeCloseTo(1, 6);
    expect(a).not.toEqual(b);
    const again = await embed({ input: 'The food was delicious' });
    expect(again.data[0]?.embedding).toEqual(a);
    const tokens = countTokens('The food was delicious') + countTokens('and the waiter was kind');
    expect(res.usage).toEqual({ prompt_tokens: tokens, total_tokens: tokens });
  });

  it('respects dimensions, and sends base64 little-endian float32 on request', async () => {
    const small = await embed({ input: 'hello', dimensions: 256 });
    const vector = small.data[0]?.embedding as number[];
    expect(vector).toHaveLength(256);
    const encoded = await embed({ input: 'hello', dimensions: 256, encoding_format: 'base64' });
    const bytes = Buffer.from(encoded.data[0]?.embedding as string, 'base64');
    const floats = Array.from(
      new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
    );
    expect(floats).toHaveLength(256);
    floats.forEach((f, i) => expect(f).toBeCloseTo(vector[i] as number, 6));
  });

  it('accepts token ids, counting one token per id', async () => {
    const res = await embed({
      input: [
        [1, 2, 3],
        [4, 5],
      ],
    });
    expect(res.data).toHaveLength(2);
    expect(res.usage.prompt_tokens).toBe(5);
    expect((await embed({ input: [7, 8, 9] })).usage.prompt_tokens).toBe(3);
  });

  it('answers Azure deployments without a model in the body', async () => {
    const res = await post(
      upstream(),
      '/openai/deployments/embedder/embeddings?api-version=2024-10-21',
      { input: 'x' },
    );
    expect(res.status).toBe(200);
    expect(res.json.model).toBe('embedder');
  });

  it('refuses bad input with OpenAI 400 bodies', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ input: '' }, 'input'],
      [{ input: [] }, 'input'],
      [{ input: [1.5] }, 'input'],
      [{ input: ['ok', ''] }, 'input'],
      [{ input: 'x', encoding_format: 'hex' }, 'encoding_format'],
      [{ input: 'x', dimensions: 100_000 }, 'dimensions'],
      [{ model: undefined, input: 'x' }, 'model'],
    ];
    for (const [body, param] of cases) {
      const res = await post(upstream(), '/v1/embeddings', { model: 'e', ...body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json.error.param).toBe(param);
    }
  });
});

describe('GET /v1/models', () => {
  it('lists the configured models in OpenAI shape', async () => {
    const res = await fetch(`${upstream().url}/v1/models`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      object: 'list',
      data: [
        { id: 'alpha', object: 'model', created: 1_700_000_000, owned_by: 'fake-upstream' },
        { id: 'beta', object: 'model', created: 1_700_000_000, owned_by: 'fake-upstream' },
      ],
    });
  });
});
