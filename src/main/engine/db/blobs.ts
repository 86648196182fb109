/** float32 vectors are stored as little-endian BLOBs. */
export function toBlob(v: Float32Array | readonly number[]): Buffer {
  const f = v instanceof Float32Array ? v : Float32Array.from(v);
  return Buffer.from(f.buffer, f.byteOffset, f.byteLength);
}

export function fromBlob(b: Buffer | null | undefined): Float32Array {
  if (!b || b.byteLength === 0) return new Float32Array(0);
  // Copy: the Buffer may be a view into a larger pool that is not 4-byte aligned.
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
