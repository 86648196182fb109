/**
 * The k highest-scoring ids seen so far, in O(log k) per offer: a min-heap whose root is the
 * weakest kept score, so most offers are rejected by one comparison.
 */
export class TopK {
  readonly #ids: Int32Array;
  readonly #scores: Float32Array;
  #size = 0;

  constructor(readonly capacity: number) {
    this.#ids = new Int32Array(capacity);
    this.#scores = new Float32Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** The id at heap position p (0 ≤ p < size), in no particular order: for callers that only need the set. */
  idAt(p: number): number {
    return this.#ids[p];
  }

  /** Empties the heap for reuse without reallocating. */
  clear(): void {
    this.#size = 0;
  }

  offer(id: number, score: number): void {
    if (this.#size < this.capacity) {
      this.#siftUp(this.#size++, id, score);
    } else if (this.capacity > 0 && score > this.#scores[0]) {
      this.#siftDown(0, id, score);
    }
  }

  /** Kept ids and scores, best first; ties keep the smaller id first so results are deterministic. */
  sorted(): { ids: Int32Array; scores: Float32Array } {
    const order = Array.from({ length: this.#size }, (_, i) => i).sort(
      (a, b) => this.#scores[b] - this.#scores[a] || this.#ids[a] - this.#ids[b],
    );
    return {
      ids: Int32Array.from(order, (i) => this.#ids[i]),
      scores: Float32Array.from(order, (i) => this.#scores[i]),
    };
  }

  #siftUp(at: number, id: number, score: number): void {
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.#scores[parent] <= score) break;
      this.#ids[i] = this.#ids[parent];
      this.#scores[i] = this.#scores[parent];
      i = parent;
    }
    this.#ids[i] = id;
    this.#scores[i] = score;
  }

  #siftDown(at: number, id: number, score: number): void {
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.#size) break;
      const right = left + 1;
      const child = right < this.#size && this.#scores[right] < this.#scores[left] ? right : left;
      if (this.#scores[child] >= score) break;
      this.#ids[i] = this.#ids[child];
      this.#scores[i] = this.#scores[child];
      i = child;
    }
    this.#ids[i] = id;
    this.#scores[i] = score;
  }
}
