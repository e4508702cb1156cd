import type { ModelPrice } from '@alfred/contracts';
import { describe, expect, it } from 'vitest';
import { worstCaseCost } from './worst-case-cost.ts';

const price: ModelPrice = {
  id: '00000000-0000-4000-8000-000000000001',
  model: 'm',
  inputMicrosPerMillion: 1_000_000,
  outputMicrosPerMillion: 2_000_000,
  cachedInputMicrosPerMillion: 0,
  effectiveFrom: 0,
};

describe('worst-case cost', () => {
  it('reserves the estimated prompt and every output token the request may produce', () => {
    const request = {
      model: 'm',
      messages: [{ role: 'user' as const, content: 'x'.repeat(300) }],
      max_tokens: 50,
      n: 2,
    };
    const worst = worstCaseCost({ kind: 'chat', request, defaultMaxOutputTokens: 4096 }, price);
    expect(worst.inputTokens).toBe(100 + 8);
    expect(worst.outputTokens).toBe(100);
    expect(worst.costMicros).toBe(Math.ceil((108 * 1e6 + 100 * 2e6) / 1e6));
    const unbounded = worstCaseCost(
      {
        kind: 'chat',
        request: { ...request, max_tokens: undefined, n: undefined },
        defaultMaxOutputTokens: 4096,
      },
      price,
    );
    expect(unbounded.outputTokens).toBe(4096);
  });

  it('counts embeddings input of every shape, with no output', () => {
    const worst = worstCaseCost(
      { kind: 'embeddings', request: { model: 'e', input: ['abc', 'abcdef', 'x'] } },
      price,
    );
    expect(worst).toMatchObject({ inputTokens: 2 + 3 + 2, outputTokens: 0 });
    expect(
      worstCaseCost({ kind: 'embeddings', request: { model: 'e', input: [[1, 2, 3], [4]] } }, null),
    ).toEqual({
      inputTokens: 4,
      outputTokens: 0,
      costMicros: 0,
    });
  });
});
