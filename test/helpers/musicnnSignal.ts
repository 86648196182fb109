/**
 * The musicnn reference signal: 6 s at 16 kHz of harmonic triads (changing every 1.5 s), a decaying
 * 55 Hz kick every 0.5 s and LCG noise bursts every 0.25 s. scripts/musicnn-reference.py builds the
 * same samples (same float64 operations in the same order, then float32) to write
 * test/fixtures/musicnn/synthetic-reference.json; the fixture records the samples' sha256.
 */
export function synthMusicnnSignal(seconds = 6): Float32Array {
  const SR = 16000;
  const chords = [
    [220.0, 277.18, 329.63],
    [196.0, 246.94, 293.66],
    [174.61, 220.0, 261.63],
    [164.81, 207.65, 246.94],
  ];
  const out = new Float32Array(Math.trunc(seconds * SR));
  let state = 12345;
  for (let i = 0; i < out.length; i++) {
    const t = i / SR;
    const chord = chords[Math.trunc(t / 1.5) % 4];
    let v = 0;
    for (const f of chord) {
      for (let h = 1; h <= 4; h++) v += (0.05 / h) * Math.sin(2 * Math.PI * f * h * t);
    }
    const beat = t % 0.5;
    v += 0.4 * Math.exp(-beat * 20) * Math.sin(2 * Math.PI * 55 * beat);
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const noise = (state / 4294967296) * 2 - 1;
    v += 0.15 * Math.exp(-(t % 0.25) * 60) * noise;
    out[i] = v;
  }
  return out;
}
