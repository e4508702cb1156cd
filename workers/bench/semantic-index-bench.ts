/**
 * Semantic cache index benchmark: lookup latency (p50/p99) and recall@1 against brute force
 * at 10,000 and 100,000 entries of 256 and 1536 dimensions.
 *
 *   npm run bench:cache [-- --sizes 10000,100000 --dims 256,1536]
 *
 * Data is clustered like prompt embeddings are: 1,000 topics, entries at cosine ~0.75 to
 * their topic (so ~0.55 to each other), and each query a near-duplicate of an entry
 * (cosine ~0.95, a paraphrase) or an unrelated random vector (a miss, the full search).
 */
import { parseArgs } from 'node:util';
import { VectorIndex } from '../src/cache/vector-index.ts';
import { dot, normalizeInPlace, seededRandom } from '../src/cache/vector-math.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    dims: { type: 'string', default: '256,1536' },
    queries: { type: 'string', default: '2000' },
    'recall-queries': { type: 'string', default: '200' },
    // Index tuning; unset means the index's defaults.
    probes: { type: 'string' },
    rerank: { type: 'string' },
    'max-list': { type: 'string' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const dimensions = values.dims.split(',').map(Number);
const queryCount = Number(values.queries);
const recallQueries = Number(values['recall-queries']);
const numberOrDefault = (value: string | undefined) => (value ? Number(value) : undefined);
const tuning = {
  probes: numberOrDefault(values.probes),
  rerank: numberOrDefault(values.rerank),
  maxListSize: numberOrDefault(values['max-list']),
};

const random = seededRandom(42);
function gaussian(): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** normalize(base + noise · g) with g ~ N(0, 1/d) per dimension; cosine to base ≈ 1/√(1+noise²). */
function around(base: Float32Array | null, noise: number, d: number): Float32Array {
  const v = new Float32Array(d);
  const scale = noise / Math.sqrt(d);
  for (let i = 0; i < d; i++) v[i] = (base ? base[i]! : 0) + gaussian() * scale;
  return normalizeInPlace(v);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function bruteForceBest(data: Float32Array[], query: Float32Array): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const score = dot(data[i]!, 0, query, 0, query.length);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best;
}

function run(size: number, d: number): void {
  const topics = Array.from({ length: 1000 }, () => around(null, 1, d));
  const data = Array.from({ length: size }, (_, i) => around(topics[i % topics.length]!, 0.88, d));
  const index = new VectorIndex({ dimensions: d, ...tuning });
  const idOf = new Int32Array(size);
  const buildStart = performance.now();
  for (let i = 0; i < size; i++) idOf[i] = index.add(data[i]!);
  const buildMs = performance.now() - buildStart;
  const entryOf = new Map<number, number>();
  idOf.forEach((id, entry) => entryOf.set(id, entry));

  const nearQueries = Array.from({ length: queryCount }, () => {
    const entry = Math.floor(random() * size);
    return { entry, vector: around(data[entry]!, 0.33, d) };
  });
  const farQueries = Array.from({ length: queryCount }, () => around(null, 1, d));
  for (const q of nearQueries.slice(0, 200)) index.search(q.vector); // warm-up (JIT)

  const time = (vectors: Float32Array[]) => {
    const times = vectors.map((v) => {
      const start = performance.now();
      index.search(v);
      return performance.now() - start;
    });
    return times.sort((a, b) => a - b);
  };
  const near = time(nearQueries.map((q) => q.vector));
  const far = time(farQueries);

  let agreeing = 0;
  let similaritySum = 0;
  for (const q of nearQueries.slice(0, recallQueries)) {
    const found = index.search(q.vector)[0];
    const truth = bruteForceBest(data, q.vector);
    if (found && entryOf.get(found.id) === truth) agreeing++;
    similaritySum += dot(data[q.entry]!, 0, q.vector, 0, d);
  }
  const ms = (v: number) => v.toFixed(3).padStart(7);
  console.log(
    `${String(size).padStart(7)} × ${String(d).padStart(4)}d | lists ${String(index.listCount).padStart(4)}` +
      ` | build ${(buildMs / 1000).toFixed(1).padStart(5)} s (${((buildMs * 1000) / size).toFixed(0)} µs/add)` +
      ` | near-dup p50 ${ms(percentile(near, 50))} ms p99 ${ms(percentile(near, 99))} ms` +
      ` | unrelated p50 ${ms(percentile(far, 50))} ms p99 ${ms(percentile(far, 99))} ms` +
      ` | recall@1 ${(agreeing / recallQueries).toFixed(3)} (query cos ~${(similaritySum / recallQueries).toFixed(2)})`,
  );
}

console.log(
  `node ${process.version}, ${queryCount} timed queries per kind, recall over ${recallQueries}`,
);
for (const d of dimensions) for (const size of sizes) run(size, d);
