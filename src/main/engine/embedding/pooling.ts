/** Per-example embeddings along a media timeline: example i covers [startTimes[i], startTimes[i] + spanSec[i]). */
export interface EmbeddingTimeline {
  readonly startTimes: Float32Array;
  readonly spanSec: Float32Array;
  readonly vectors: readonly Float32Array[];
}

/**
 * Pools the examples whose centre lies in [startSec, endSec): their mean, followed by their
 * per-dimension standard deviation when `withStd`. A range too short to hold an example's centre
 * (a 0.5 s scene, the end of a track) takes the example nearest its midpoint, so every range of
 * a non-empty timeline gets a vector; an empty timeline is an error naming `what`.
 */
export function poolTimeline(timeline: EmbeddingTimeline, startSec: number, endSec: number, withStd: boolean, what: string): Float32Array {
  const { startTimes, spanSec, vectors } = timeline;
  if (vectors.length === 0) throw new Error(`${what}: no embeddings to pool (the input was too short or empty)`);
  if (!(endSec >= startSec)) throw new Error(`${what}: pool range [${startSec}, ${endSec}) is empty or inverted`);
  const centre = (i: number): number => startTimes[i] + spanSec[i] / 2;
  let chosen: number[] = [];
  for (let i = 0; i < vectors.length; i++) if (centre(i) >= startSec && centre(i) < endSec) chosen.push(i);
  if (chosen.length === 0) {
    const mid = (startSec + endSec) / 2;
    let best = 0;
    for (let i = 1; i < vectors.length; i++) if (Math.abs(centre(i) - mid) < Math.abs(centre(best) - mid)) best = i;
    chosen = [best];
  }
  const dim = vectors[0].length;
  const mean = new Float64Array(dim);
  for (const i of chosen) for (let d = 0; d < dim; d++) mean[d] += vectors[i][d] / chosen.length;
  const out = new Float32Array(withStd ? 2 * dim : dim);
  out.set(mean);
  if (withStd) {
    for (let d = 0; d < dim; d++) {
      let sq = 0;
      for (const i of chosen) sq += (vectors[i][d] - mean[d]) ** 2;
      out[dim + d] = Math.sqrt(sq / chosen.length);
    }
  }
  return out;
}

/** The objective features followed by a pooled embedding, as one stored vector. */
export function appendEmbedding(features: Float32Array, embedding: Float32Array): Float32Array {
  const out = new Float32Array(features.length + embedding.length);
  out.set(features);
  out.set(embedding, features.length);
  return out;
}
