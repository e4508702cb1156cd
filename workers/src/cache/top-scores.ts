/** The best `capacity` (id, score) pairs offered, unordered until sorted(). */
export class TopScores {
  ids: Int32Array;
  scores: Float64Array;
  capacity = 0;
  length = 0;
  #worst = 0;

  constructor(room: number) {
    this.ids = new Int32Array(room);
    this.scores = new Float64Array(room);
  }

  reset(capacity: number): this {
    if (capacity > this.ids.length) {
      this.ids = new Int32Array(capacity);
      this.scores = new Float64Array(capacity);
    }
    this.capacity = capacity;
    this.length = 0;
    return this;
  }

  offer(id: number, score: number): void {
    if (this.length < this.capacity) {
      this.ids[this.length] = id;
      this.scores[this.length++] = score;
      if (this.length === this.capacity) this.#findWorst();
      return;
    }
    if (this.capacity === 0 || score <= this.scores[this.#worst]!) return;
    this.ids[this.#worst] = id;
    this.scores[this.#worst] = score;
    this.#findWorst();
  }

  sorted(): Array<{ id: number; score: number }> {
    const out = [];
    for (let i = 0; i < this.length; i++) out.push({ id: this.ids[i]!, score: this.scores[i]! });
    return out.sort((x, y) => y.score - x.score);
  }

  #findWorst(): void {
    let worst = 0;
    for (let i = 1; i < this.length; i++) if (this.scores[i]! < this.scores[worst]!) worst = i;
    this.#worst = worst;
  }
}
