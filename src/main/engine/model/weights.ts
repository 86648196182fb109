/** One named float32 array with its tensor shape (row-major). */
export interface NamedWeight {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** Named weights of one or several models; names are dotted paths such as 'afclnet.self.v.wq'. */
export type WeightMap = Map<string, NamedWeight>;

/** Where one weight lives in a packed buffer: `length` float32 values starting at `byteOffset`. */
export interface WeightIndexEntry {
  readonly name: string;
  readonly shape: number[];
  readonly byteOffset: number;
}

export interface PackedWeights {
  readonly index: WeightIndexEntry[];
  readonly data: Float32Array;
}

export const elementCount = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** Concatenates all weights, in map order, into one float32 buffer plus a JSON-able index. */
export function packWeights(weights: WeightMap): PackedWeights {
  let total = 0;
  for (const w of weights.values()) total += w.data.length;
  const data = new Float32Array(total);
  const index: WeightIndexEntry[] = [];
  let offset = 0;
  for (const [name, w] of weights) {
    if (w.data.length !== elementCount(w.shape)) {
      throw new Error(`weight ${name} has ${w.data.length} values but shape [${w.shape.join(', ')}]`);
    }
    data.set(w.data, offset);
    index.push({ name, shape: [...w.shape], byteOffset: offset * 4 });
    offset += w.data.length;
  }
  return { index, data };
}

/** Inverse of packWeights; `source` names the file in errors. Returned arrays are copies. */
export function unpackWeights(index: readonly WeightIndexEntry[], data: Float32Array, source: string): WeightMap {
  const out: WeightMap = new Map();
  for (const entry of index) {
    const length = elementCount(entry.shape);
    const start = entry.byteOffset / 4;
    if (!Number.isInteger(start) || start < 0 || start + length > data.length) {
      throw new Error(`${source}: weight ${entry.name} [${entry.shape.join(', ')}] lies outside the ${data.length * 4}-byte weights file`);
    }
    if (out.has(entry.name)) throw new Error(`${source}: weight ${entry.name} is listed twice`);
    out.set(entry.name, { shape: [...entry.shape], data: data.slice(start, start + length) });
  }
  return out;
}

/** The weights whose names start with `prefix`, with the prefix removed. */
export function withoutPrefix(weights: WeightMap, prefix: string): WeightMap {
  const out: WeightMap = new Map();
  for (const [name, w] of weights) if (name.startsWith(prefix)) out.set(name.slice(prefix.length), w);
  return out;
}

/** The same weights with `prefix` prepended to every name. */
export function withPrefix(weights: WeightMap, prefix: string): WeightMap {
  const out: WeightMap = new Map();
  for (const [name, w] of weights) out.set(prefix + name, w);
  return out;
}
