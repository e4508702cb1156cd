import { dot, normalizeInPlace } from './vector-math.ts';

/**
 * One cell of the inverted-file index: the ids of its vectors and their projections stored
 * contiguously (a scan walks memory in order), and its centroid, the normalized mean of
 * those projections, kept current as vectors come and go.
 */
export class PostingList {
  readonly dimensions: number;
  ids: Int32Array;
  vectors: Float32Array;
  size = 0;
  readonly centroid: Float32Array;
  readonly #sum: Float64Array;
  /** The list tries to split when it grows past this (raised when a split fails). */
  splitAbove: number;

  constructor(dimensions: number, splitAbove: number, capacity = 16) {
    this.dimensions = dimensions;
    this.ids = new Int32Array(capacity);
    this.vectors = new Float32Array(capacity * dimensions);
    this.centroid = new Float32Array(dimensions);
    this.#sum = new Float64Array(dimensions);
    this.splitAbove = splitAbove;
  }

  /** Appends and returns the position. */
  push(id: number, vector: Float32Array, offset = 0): number {
    if (this.size === this.ids.length) this.#grow();
    const position = this.size++;
    this.ids[position] = id;
    const d = this.dimensions;
    this.vectors.set(vector.subarray(offset, offset + d), position * d);
    for (let i = 0; i < d; i++) this.#sum[i]! += vector[offset + i]!;
    this.#refreshCentroid();
    return position;
  }

  /** Removes the vector at `position` by moving the last one there; returns the moved id or -1. */
  removeAt(position: number): number {
    const d = this.dimensions;
    const vectors = this.vectors;
    for (let i = 0; i < d; i++) this.#sum[i]! -= vectors[position * d + i]!;
    const last = --this.size;
    let moved = -1;
    if (position !== last) {
      moved = this.ids[last]!;
      this.ids[position] = moved;
      vectors.copyWithin(position * d, last * d, last * d + d);
    }
    this.#refreshCentroid();
    return moved;
  }

  /**
   * Which half each member goes to in a split: spherical 2-means, seeded with the member
   * least like the centroid and the member least like that one. Null when one half would
   * be empty (all members alike).
   */
  twoMeansSides(): Uint8Array | null {
    const { vectors, size, dimensions: r } = this;
    const farthestFrom = (centre: Float32Array) => {
      let best = 0;
      let bestScore = Infinity;
      for (let p = 0; p < size; p++) {
        const score = dot(vectors, p * r, centre, 0, r);
        if (score < bestScore) [best, bestScore] = [p, score];
      }
      return best;
    };
    const seedA = farthestFrom(this.centroid);
    const a = vectors.slice(seedA * r, seedA * r + r);
    const seedB = farthestFrom(a);
    const b = vectors.slice(seedB * r, seedB * r + r);
    const sides = new Uint8Array(size);
    for (let iteration = 0; iteration < 4; iteration++) {
      const sumA = new Float32Array(r);
      const sumB = new Float32Array(r);
      for (let p = 0; p < size; p++) {
        const inB = dot(vectors, p * r, b, 0, r) > dot(vectors, p * r, a, 0, r);
        sides[p] = inB ? 1 : 0;
        const sum = inB ? sumB : sumA;
        for (let i = 0; i < r; i++) sum[i]! += vectors[p * r + i]!;
      }
      a.set(normalizeInPlace(sumA));
      b.set(normalizeInPlace(sumB));
    }
    const inB = sides.reduce((n, side) => n + side, 0);
    return inB === 0 || inB === size ? null : sides;
  }

  #refreshCentroid(): void {
    for (let i = 0; i < this.dimensions; i++) this.centroid[i] = this.#sum[i]!;
    normalizeInPlace(this.centroid);
  }

  #grow(): void {
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    const vectors = new Float32Array(ids.length * this.dimensions);
    vectors.set(this.vectors);
    this.ids = ids;
    this.vectors = vectors;
  }
}
