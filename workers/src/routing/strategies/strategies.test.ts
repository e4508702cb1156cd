import { describe, expect, it } from 'vitest';
import { idleDeploymentLoad } from '../deployment-load.ts';
import {
  candidate,
  firstChoices,
  fixedLoad,
  seededRandom,
} from '../test-support/routing-fixtures.ts';
import { costBased } from './cost-based.ts';
import { latencyAware } from './latency-aware.ts';
import { leastInFlight } from './least-in-flight.ts';
import { ordered } from './ordered.ts';
import type { StrategyInput } from './routing-strategy.ts';
import { weighted } from './weighted.ts';

function inputWith(overrides: Partial<StrategyInput> = {}): StrategyInput {
  return {
    load: idleDeploymentLoad,
    random: seededRandom(42),
    promptTokens: 1_000,
    outputTokens: 100,
    ...overrides,
  };
}

const ids = (ranked: { deployment: { id: string } }[]) => ranked.map((c) => c.deployment.id);

describe('ordered', () => {
  it('keeps the listed order', () => {
    const list = [candidate('a'), candidate('b'), candidate('c')];
    expect(ids(ordered(list, inputWith()))).toEqual(['a', 'b', 'c']);
  });
});

describe('weighted', () => {
  it('puts each deployment first in proportion to its weight', () => {
    const list = [
      candidate('a', { weight: 1 }),
      candidate('b', { weight: 3 }),
      candidate('c', { weight: 6 }),
    ];
    const input = inputWith();
    const counts = firstChoices(20_000, () => weighted(list, input));
    expect(counts.a! / 20_000).toBeCloseTo(0.1, 1);
    expect(counts.b! / 20_000).toBeCloseTo(0.3, 1);
    expect(counts.c! / 20_000).toBeCloseTo(0.6, 1);
    expect(Math.abs(counts.c! / 20_000 - 0.6)).toBeLessThan(0.02);
  });

  it('never drops a candidate, and puts weight 0 last in listed order', () => {
    const list = [candidate('z1', { weight: 0 }), candidate('a'), candidate('z2', { weight: 0 })];
    for (let i = 0; i < 50; i++) {
      const ranked = ids(weighted(list, inputWith({ random: seededRandom(i) })));
      expect(ranked.slice(1)).toEqual(['z1', 'z2']);
    }
  });
});

describe('least in flight', () => {
  it('prefers the deployment with the fewest requests in flight', () => {
    const list = [candidate('a'), candidate('b'), candidate('c')];
    const load = fixedLoad({ inFlight: { a: 5, b: 1, c: 3 } });
    expect(ids(leastInFlight(list, inputWith({ load })))).toEqual(['b', 'c', 'a']);
  });

  it('breaks ties at random', () => {
    const list = [candidate('a'), candidate('b'), candidate('c')];
    const load = fixedLoad({ inFlight: { a: 2, b: 0, c: 0 } });
    const input = inputWith({ load });
    const counts = firstChoices(2_000, () => leastInFlight(list, input));
    expect(counts.a).toBeUndefined();
    expect(counts.b! / 2_000).toBeCloseTo(0.5, 1);
  });
});

describe('latency aware (power of two choices)', () => {
  const list = [candidate('fast'), candidate('medium'), candidate('slow')];

  it('prefers low latency, yet still sends some traffic to the second best', () => {
    const load = fixedLoad({ latencyMs: { fast: 50, medium: 200, slow: 900 } });
    const input = inputWith({ load });
    const counts = firstChoices(6_000, () => latencyAware(list, input));
    // Of the three equally likely pairs, fast wins two and medium one; slow never wins.
    expect(counts.fast! / 6_000).toBeCloseTo(2 / 3, 1);
    expect(counts.medium! / 6_000).toBeCloseTo(1 / 3, 1);
    expect(counts.slow).toBeUndefined();
    expect(ids(latencyAware(list, input))).toHaveLength(3);
  });

  it('explores a deployment that has no measurement yet', () => {
    const load = fixedLoad({ latencyMs: { fast: 50, medium: 200 } });
    const input = inputWith({ load });
    const counts = firstChoices(6_000, () => latencyAware(list, input));
    expect(counts.slow! / 6_000).toBeGreaterThan(0.2);
  });

  it('weighs latency by the requests already in flight', () => {
    const pair = [candidate('fast'), candidate('idle')];
    const load = fixedLoad({
      latencyMs: { fast: 50, idle: 80 },
      inFlight: { fast: 4, idle: 0 },
    });
    expect(ids(latencyAware(pair, inputWith({ load })))).toEqual(['idle', 'fast']);
  });
});

describe('cost based', () => {
  it('puts the cheapest deployment for this request first, unpriced last', () => {
    const list = [
      candidate('unpriced'),
      candidate('output-heavy', { price: { inputPerMillion: 0.1, outputPerMillion: 10 } }),
      candidate('input-heavy', { price: { inputPerMillion: 2, outputPerMillion: 1 } }),
    ];
    // 1,000 in + 100 out: output-heavy costs 1,100, input-heavy 2,100.
    expect(ids(costBased(list, inputWith()))).toEqual(['output-heavy', 'input-heavy', 'unpriced']);
    // A long answer flips it: output-heavy 100 + 100,000, input-heavy 2,000 + 10,000.
    expect(ids(costBased(list, inputWith({ outputTokens: 10_000 })))).toEqual([
      'input-heavy',
      'output-heavy',
      'unpriced',
    ]);
  });

  it('shares equally priced deployments by weight', () => {
    const price = { inputPerMillion: 1, outputPerMillion: 1 };
    const list = [
      candidate('a', { price, weight: 1 }),
      candidate('b', { price, weight: 3 }),
      candidate('dear', { price: { inputPerMillion: 5, outputPerMillion: 5 } }),
    ];
    const input = inputWith();
    const counts = firstChoices(8_000, () => costBased(list, input));
    expect(counts.b! / 8_000).toBeCloseTo(0.75, 1);
    expect(counts.dear).toBeUndefined();
  });
});
