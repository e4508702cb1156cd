import { describe, expect, it } from 'vitest';
import { VectorIndex } from './vector-index.ts';
import { dot, normalizeInPlace, seededRandom } from './vector-math.ts';

const random = seededRandom(7);
const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

/** A unit vector at cosine ~1/√(1+noise²) from `base` (or random without one). */
function around(base: Float32Array | null, noise: number, d: number): Float32Array {
  const v = new Float32Array(d);
  for (let i = 0; i < d; i++) v[i] = (base ? base[i]! : 0) + (gaussian() * noise) / Math.sqrt(d);
  return normalizeInPlace(v);
}

function bruteForce(vectors: Map<number, Float32Array>, query: Float32Array) {
  let best = { id: -1, similarity: -Infinity };
  for (const [id, v] of vectors) {
    const similarity = dot(v, 0, query, 0, query.length);
    if (similarity > best.similarity) best = { id, similarity };
  }
  return best;
}

describe('VectorIndex', () => {
  it('finds the entry a near-duplicate query came from, as brute force does, with the exact cosine', () => {
    const d = 384;
    const index = new VectorIndex({ dimensions: d });
    const topics = Array.from({ length: 50 }, () => around(null, 1, d));
    const stored = new Map<number, Float32Array>();
    for (let i = 0; i < 5000; i++) {
      const v = around(topics[i % 50]!, 0.9, d);
      stored.set(index.add(v), v);
    }
    expect(index.size).toBe(5000);
    expect(index.listCount).toBeGreaterThan(10); // lists split as the set grew
    const ids = [...stored.keys()];
    let agreeing = 0;
    for (let q = 0; q < 200; q++) {
      const source = ids[Math.floor(random() * ids.length)]!;
      const query = around(stored.get(source)!, 0.33, d);
      const [found] = index.search(query);
      const truth = bruteForce(stored, query);
      if (found?.id === truth.id) {
        agreeing++;
        expect(found.similarity).toBeCloseTo(truth.similarity, 5);
      }
    }
    expect(agreeing / 200).toBeGreaterThan(0.97);
  });

  it('forgets removed vectors and reuses their ids', () => {
    const index = new VectorIndex({ dimensions: 64, maxListSize: 16 });
    const vectors = Array.from({ length: 200 }, () => around(null, 1, 64));
    const ids = vectors.map((v) => index.add(v));
    for (const id of ids.slice(0, 150)) index.remove(id);
    expect(index.size).toBe(50);
    expect(index.has(ids[0]!)).toBe(false);
    expect(index.search(vectors[0]!)[0]!.similarity).toBeLessThan(0.9);
    expect(index.search(vectors[199]!)[0]).toEqual({
      id: ids[199],
      similarity: expect.closeTo(1, 5),
    });
    const reused = index.add(vectors[0]!);
    expect(ids.slice(0, 150)).toContain(reused);
    expect(index.search(vectors[0]!)[0]!.id).toBe(reused);
    for (const id of [...ids.slice(150), reused]) index.remove(id);
    expect(index.size).toBe(0);
    expect(index.search(vectors[0]!)).toEqual([]);
  });

  it('stays consistent through churn: every live vector finds itself', () => {
    const index = new VectorIndex({ dimensions: 32, maxListSize: 12, probes: 64 });
    const live = new Map<number, Float32Array>();
    for (let step = 0; step < 3000; step++) {
      if (live.size > 0 && random() < 0.4) {
        const ids = [...live.keys()];
        const id = ids[Math.floor(random() * ids.length)]!;
        index.remove(id);
        live.delete(id);
      } else {
        const v = around(null, 1, 32);
        live.set(index.add(v), v);
      }
    }
    expect(index.size).toBe(live.size);
    for (const [id, v] of live) expect(index.search(v)[0]!.id).toBe(id);
  });

  it('returns the k best, most similar first, and normalizes what it is given', () => {
    const index = new VectorIndex({ dimensions: 3 });
    index.add(Float32Array.of(10, 0, 0));
    index.add(Float32Array.of(1, 1, 0));
    index.add(Float32Array.of(0, 0, 5));
    const found = index.search(Float32Array.of(2, 0.1, 0), 2);
    expect(found.map((f) => f.id)).toEqual([0, 1]);
    expect(found[0]!.similarity).toBeCloseTo(2 / Math.sqrt(4.01), 5);
  });

  it('keeps alike vectors in one list instead of splitting forever', () => {
    const index = new VectorIndex({ dimensions: 16, maxListSize: 8 });
    const same = around(null, 1, 16);
    for (let i = 0; i < 100; i++) index.add(same);
    expect(index.size).toBe(100);
    expect(index.search(same)[0]!.similarity).toBeCloseTo(1, 5);
  });

  it('refuses vectors of another size', () => {
    const index = new VectorIndex({ dimensions: 8 });
    expect(() => index.add(new Float32Array(9))).toThrow(RangeError);
    expect(() => index.search(new Float32Array(7))).toThrow(RangeError);
  });
});
