import { PostingList } from './posting-list.ts';
import { RandomProjection } from './random-projection.ts';
import { TopScores } from './top-scores.ts';
import { dot, normalizeInPlace } from './vector-math.ts';

/** Lists around a split whose members are checked for a nearer centroid. */
const reassignNeighbours = 8;

export interface VectorIndexOptions {
  dimensions: number;
  /** Dimensions lists are searched in. Default min(dimensions, 128). */
  projectedDimensions?: number;
  /** A list splits in two past this many vectors. Default 384. */
  maxListSize?: number;
  /** Lists scanned per search. Default 12. */
  probes?: number;
  /** Best candidates of the projected scan re-scored on the full vectors. Default 24. */
  rerank?: number;
}

export interface Neighbour {
  id: number;
  /** Cosine similarity, from the full vectors. */
  similarity: number;
}

/**
 * Approximate nearest neighbours by cosine similarity, in memory: an inverted-file index
 * (IVF) whose lists split in two (2-means) when they grow past `maxListSize`, searched in a
 * random projection of the vectors and re-ranked exactly on the full ones.
 *
 * Why this and not HNSW or a trained IVF: a cache adds and evicts entries all the time.
 * HNSW deletes badly (tombstones, then a rebuild) and inserts cost hundreds of distance
 * computations; a k-means-trained IVF must be retrained and every vector reassigned as
 * the set grows, a pause of seconds at 100,000 entries. Splitting only the list that
 * overflows keeps every insert and delete O(lists + list size) with no pause, while the
 * number of lists grows with the set so a search stays a few thousand short dot products;
 * after a split the members of nearby lists move to their nearest centroid (SPFresh's
 * LIRE), which keeps lists coherent where plain splitting lost 10% recall at 100,000.
 * Searching 128 projected dimensions instead of 1536 makes the scan 12× cheaper; the
 * re-rank on full vectors makes the reported similarity exact, so thresholds hold.
 */
export class VectorIndex {
  readonly dimensions: number;
  readonly #projection: RandomProjection | null;
  readonly #projectedDimensions: number;
  readonly #maxListSize: number;
  readonly #probes: number;
  readonly #rerank: number;
  #lists: PostingList[] = [];
  /** Full unit vectors by id, `dimensions` floats each. */
  #vectors = new Float32Array(0);
  /** Per id: its list's index in #lists, or -1 for a free id; and its position in that list. */
  #listOf = new Int32Array(0);
  #positionOf = new Int32Array(0);
  #freeIds: number[] = [];
  #nextId = 0;
  #size = 0;
  // Scratch space reused by every search: a lookup allocates nothing but its answer.
  readonly #projected: Float32Array;
  readonly #query: Float32Array;
  readonly #candidates = new TopScores(64);
  readonly #exact = new TopScores(64);
  readonly #probed = new TopScores(64);

  constructor(options: VectorIndexOptions) {
    this.dimensions = options.dimensions;
    this.#projectedDimensions = Math.min(options.dimensions, options.projectedDimensions ?? 128);
    this.#projection =
      this.#projectedDimensions < this.dimensions
        ? new RandomProjection(this.dimensions, this.#projectedDimensions)
        : null;
    this.#maxListSize = options.maxListSize ?? 384;
    this.#probes = options.probes ?? 12;
    this.#rerank = options.rerank ?? 24;
    this.#projected = new Float32Array(this.#projectedDimensions);
    this.#query = new Float32Array(this.dimensions);
  }

  get size(): number {
    return this.#size;
  }

  get listCount(): number {
    return this.#lists.length;
  }

  /** Adds a copy of `vector` (normalized) and returns its id. */
  add(vector: Float32Array): number {
    this.#checkDimensions(vector);
    const id = this.#freeIds.pop() ?? this.#newId();
    const d = this.dimensions;
    this.#vectors.set(vector, id * d);
    normalizeInPlace(this.#vectors.subarray(id * d, id * d + d));
    const projected = this.#project(this.#vectors.subarray(id * d, id * d + d));
    let listIndex = this.#nearestList(projected);
    if (listIndex === -1) {
      listIndex =
        this.#lists.push(new PostingList(this.#projectedDimensions, this.#maxListSize)) - 1;
    }
    const list = this.#lists[listIndex]!;
    this.#listOf[id] = listIndex;
    this.#positionOf[id] = list.push(id, projected);
    this.#size++;
    if (list.size > list.splitAbove) this.#split(listIndex);
    return id;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.#nextId && this.#listOf[id] !== -1;
  }

  remove(id: number): void {
    if (!this.has(id)) return;
    const listIndex = this.#listOf[id]!;
    const list = this.#lists[listIndex]!;
    const moved = list.removeAt(this.#positionOf[id]!);
    if (moved !== -1) this.#positionOf[moved] = this.#positionOf[id]!;
    this.#listOf[id] = -1;
    this.#freeIds.push(id);
    this.#size--;
    if (list.size === 0) this.#dropList(listIndex);
  }

  /** The `k` most similar vectors, most similar first. */
  search(query: Float32Array, k = 1): Neighbour[] {
    this.#checkDimensions(query);
    if (this.#size === 0) return [];
    const q = this.#query;
    q.set(query);
    normalizeInPlace(q);
    const projected = this.#project(q);
    const r = this.#projectedDimensions;
    const candidates = this.#candidates.reset(Math.max(k, this.#rerank));
    for (const listIndex of this.#probedLists(projected)) {
      const list = this.#lists[listIndex]!;
      const { ids, vectors } = list;
      for (let p = 0; p < list.size; p++) {
        candidates.offer(ids[p]!, dot(vectors, p * r, projected, 0, r));
      }
    }
    const d = this.dimensions;
    const exact = this.#exact.reset(k);
    for (let i = 0; i < candidates.length; i++) {
      const id = candidates.ids[i]!;
      exact.offer(id, dot(this.#vectors, id * d, q, 0, d));
    }
    return exact.sorted().map(({ id, score }) => ({ id, similarity: score }));
  }

  #project(vector: Float32Array): Float32Array {
    if (this.#projection) return this.#projection.project(vector, this.#projected);
    this.#projected.set(vector);
    return this.#projected;
  }

  #nearestList(projected: Float32Array): number {
    let best = -1;
    let bestScore = -Infinity;
    const r = this.#projectedDimensions;
    for (let i = 0; i < this.#lists.length; i++) {
      const score = dot(this.#lists[i]!.centroid, 0, projected, 0, r);
      if (score > bestScore) {
        bestScore = score;
        best = i;
      }
    }
    return best;
  }

  #probedLists(projected: Float32Array): Int32Array {
    const r = this.#projectedDimensions;
    const top = this.#probed.reset(Math.min(this.#probes, this.#lists.length));
    for (let i = 0; i < this.#lists.length; i++) {
      top.offer(i, dot(this.#lists[i]!.centroid, 0, projected, 0, r));
    }
    return top.ids.subarray(0, top.length);
  }

  #split(listIndex: number): void {
    const list = this.#lists[listIndex]!;
    const sides = list.twoMeansSides();
    if (!sides) {
      // All members alike: splitting cannot help until the list has doubled.
      list.splitAbove = list.size * 2;
      return;
    }
    const r = this.#projectedDimensions;
    const centre = list.centroid.slice();
    const halves = [new PostingList(r, this.#maxListSize), new PostingList(r, this.#maxListSize)];
    const indices = [listIndex, this.#lists.length];
    this.#lists[listIndex] = halves[0]!;
    this.#lists.push(halves[1]!);
    for (let p = 0; p < list.size; p++) {
      const id = list.ids[p]!;
      const side = sides[p]!;
      this.#listOf[id] = indices[side]!;
      this.#positionOf[id] = halves[side]!.push(id, list.vectors, p * r);
    }
    this.#reassignAround(centre);
  }

  /**
   * After a split the lists around it may hold members now nearer another centroid (the
   * LIRE step of SPFresh): those move. Without it, lists formed while the set was small and
   * mixed stay mixed, and a search must probe more lists to find a neighbour.
   */
  #reassignAround(centre: Float32Array): void {
    const r = this.#projectedDimensions;
    const nearby = this.#probed.reset(Math.min(reassignNeighbours, this.#lists.length));
    for (let i = 0; i < this.#lists.length; i++) {
      nearby.offer(i, dot(this.#lists[i]!.centroid, 0, centre, 0, r));
    }
    const lists = Array.from(nearby.ids.subarray(0, nearby.length));
    const moves: Array<[id: number, target: number]> = [];
    for (const from of lists) {
      const list = this.#lists[from]!;
      for (let p = 0; p < list.size; p++) {
        let best = from;
        let bestScore = dot(list.vectors, p * r, list.centroid, 0, r);
        for (const to of lists) {
          const score = dot(list.vectors, p * r, this.#lists[to]!.centroid, 0, r);
          if (score > bestScore) [best, bestScore] = [to, score];
        }
        if (best !== from) moves.push([list.ids[p]!, best]);
      }
    }
    for (const [id, to] of moves) {
      const from = this.#lists[this.#listOf[id]!]!;
      const position = this.#positionOf[id]!;
      this.#listOf[id] = to;
      this.#positionOf[id] = this.#lists[to]!.push(id, from.vectors, position * r);
      const moved = from.removeAt(position);
      if (moved !== -1) this.#positionOf[moved] = position;
    }
    // Highest index first: #dropList moves the last list into the freed place.
    for (const index of lists.sort((x, y) => y - x)) {
      if (this.#lists[index]!.size === 0) this.#dropList(index);
    }
  }

  /** Removes an empty list by moving the last list into its place. */
  #dropList(listIndex: number): void {
    const last = this.#lists.pop()!;
    if (listIndex === this.#lists.length) return;
    this.#lists[listIndex] = last;
    for (let p = 0; p < last.size; p++) this.#listOf[last.ids[p]!] = listIndex;
  }

  #newId(): number {
    const id = this.#nextId++;
    if (id >= this.#listOf.length) {
      const capacity = Math.max(1024, this.#listOf.length * 2);
      const vectors = new Float32Array(capacity * this.dimensions);
      vectors.set(this.#vectors);
      this.#vectors = vectors;
      const listOf = new Int32Array(capacity).fill(-1);
      listOf.set(this.#listOf);
      this.#listOf = listOf;
      const positionOf = new Int32Array(capacity);
      positionOf.set(this.#positionOf);
      this.#positionOf = positionOf;
    }
    return id;
  }

  #checkDimensions(vector: Float32Array): void {
    if (vector.length !== this.dimensions) {
      throw new RangeError(`expected ${this.dimensions} dimensions, got ${vector.length}`);
    }
  }
}
