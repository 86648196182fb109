/** An append-only Float32Array for per-frame signals of unknown length; storage doubles as it fills. */
export class GrowableFloat32 {
  private data: Float32Array;
  private size = 0;

  constructor(initialCapacity = 4096) {
    this.data = new Float32Array(Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      const bigger = new Float32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  /** Lowers an already pushed value to `value` when that is smaller. */
  lowerAt(index: number, value: number): void {
    if (index >= 0 && index < this.size && value < this.data[index]) this.data[index] = value;
  }

  /** The filled part, sharing storage: valid until the next push. */
  view(): Float32Array {
    return this.data.subarray(0, this.size);
  }
}
