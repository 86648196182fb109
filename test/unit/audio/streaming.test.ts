import { describe, expect, it } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { AUDIO_FEATURE_NAMES, createAudioAnalyzer, type AudioAnalysis } from '../../../src/main/engine/audio/audioAnalyzer';
import { SR, analyse, backbeatBand, seededRandom, whiteNoise } from './signals';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
/** JS heap plus typed-array backing stores, which live outside the heap. */
const memoryInUse = (): number => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

function expectSameAnalysis(a: AudioAnalysis, b: AudioAnalysis): void {
  expect(b.durationSec).toBe(a.durationSec);
  expect(b.tempo.bpm).toBeCloseTo(a.tempo.bpm, 6);
  expect(b.beats).toEqual(a.beats);
  expect(b.key).toEqual(a.key);
  expect(b.segments.map((s) => [s.startSec, s.endSec])).toEqual(a.segments.map((s) => [s.startSec, s.endSec]));
  const vectors = (r: AudioAnalysis): Float32Array[] => [r.trackFeatures, ...r.segments.map((s) => s.features)];
  vectors(a).forEach((va, i) => {
    const vb = vectors(b)[i];
    AUDIO_FEATURE_NAMES.forEach((name, j) => {
      const tolerance = 1e-5 * Math.max(1, Math.abs(va[j]));
      if (Math.abs(va[j] - vb[j]) > tolerance) throw new Error(`${name} differs: ${va[j]} vs ${vb[j]}`);
    });
  });
}

describe('streaming', () => {
  it('gives the same analysis whatever the chunk sizes', () => {
    const signal = backbeatBand(110, 25, 5);
    const reference = analyse(signal, 65536);
    expectSameAnalysis(reference, analyse(signal, 1000));

    const random = seededRandom(11);
    const analyzer = createAudioAnalyzer();
    for (let i = 0; i < signal.length; ) {
      const n = 1 + Math.floor(random() * 5000);
      analyzer.push(signal.subarray(i, i + n));
      i += n;
    }
    expectSameAnalysis(reference, analyzer.finish());
  });

  it('does not keep the signal: 20 minutes pushed in chunks grow memory far less than the samples', () => {
    const minutes = 20;
    const chunk = 1 << 16;
    const totalSamples = minutes * 60 * SR;
    const signalBytes = totalSamples * 4;
    // Synthesised chunk by chunk so the test itself never holds the signal either.
    const random = seededRandom(3);
    const buffer = new Float32Array(chunk);
    const analyzer = createAudioAnalyzer();
    collectGarbage();
    const before = memoryInUse();
    const cpuStart = process.cpuUsage();
    for (let done = 0; done < totalSamples; done += chunk) {
      const n = Math.min(chunk, totalSamples - done);
      for (let i = 0; i < n; i++) {
        const t = (done + i) / SR;
        buffer[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t) * (0.6 + 0.4 * Math.sin(2 * Math.PI * 0.5 * t)) + 0.05 * (random() - 0.5);
      }
      analyzer.push(buffer.subarray(0, n));
    }
    const cpu = process.cpuUsage(cpuStart);
    collectGarbage();
    const grown = memoryInUse() - before;
    const result = analyzer.finish();

    expect(result.durationSec).toBeCloseTo(minutes * 60, 3);
    expect(result.segments.length).toBeGreaterThan(230);
    expect(grown).toBeLessThan(signalBytes / 20);
    const cpuSec = (cpu.user + cpu.system) / 1e6;
    // Includes synthesising the signal; a measurement for the report, not an assertion.
    console.log(
      `audio analyzer: ${minutes} min in ${cpuSec.toFixed(2)} s CPU (${((minutes * 60) / cpuSec).toFixed(0)}× real time incl. synthesis), ` +
        `memory +${(grown / 2 ** 20).toFixed(1)} MiB for a ${(signalBytes / 2 ** 20).toFixed(0)} MiB signal`,
    );
  });

  it('logs its throughput on music-like audio and on noise (a measurement, not an assertion)', () => {
    for (const [label, signal] of [
      ['backbeat band', backbeatBand(124, 120, 8)],
      ['white noise', whiteNoise(120, 0.3, 8)],
    ] as const) {
      const cpuStart = process.cpuUsage();
      const wallStart = performance.now();
      const result = analyse(signal);
      const wallSec = (performance.now() - wallStart) / 1000;
      const cpu = process.cpuUsage(cpuStart);
      const cpuSec = (cpu.user + cpu.system) / 1e6;
      expect(result.durationSec).toBeCloseTo(120, 3);
      console.log(`audio analyzer, ${label}: ${(120 / cpuSec).toFixed(0)}× real time per CPU second, ${(120 / wallSec).toFixed(0)}× wall-clock`);
    }
  });
});
