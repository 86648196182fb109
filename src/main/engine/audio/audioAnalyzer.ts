import { AUDIO_FEATURE_NAMES, AUDIO_FEATURE_VERSION, buildFeatureVector } from './featureSchema';
import { BlockStore, ENVELOPE_RATE, FloatSeries, PowerEnvelope, summariseLoudness } from './featureStore';
import { createHpssStage } from './hpss';
import { estimateKey, tonnetz, type KeyMode } from './key';
import {
  CHROMA_BINS,
  FRAME_SIZE,
  FRAMES_PER_SECOND,
  HOP_SIZE,
  MEL_BANDS,
  SAMPLE_RATE,
  createChromaNoveltyStage,
  createDeltaStage,
  createFrameDescriptors,
  createSpectralFrameAnalyzer,
} from './spectralFrames';
import {
  detectOnsets,
  estimateTempo,
  fitBeatGrid,
  localMax,
  pickDownbeats,
  pulseClarity,
  refineBeats,
  trackBeats,
} from './tempo';

export { AUDIO_FEATURE_NAMES, AUDIO_FEATURE_VERSION };

/** Rate the indexer decodes at (mono float32); the analyzer assumes it. */
export const AUDIO_ANALYSIS_SAMPLE_RATE = SAMPLE_RATE;

export interface AudioSegment {
  startSec: number;
  endSec: number;
  /** AUDIO_FEATURE_NAMES order. */
  features: Float32Array;
}

export interface AudioAnalysis {
  durationSec: number;
  /** bpm 0 for silence; confidence in [0, 1], near 0 without a steady pulse. */
  tempo: { bpm: number; confidence: number };
  /** Seconds. Present whenever bpm > 0; gate on tempo.confidence before showing them as a grid. */
  beats: number[];
  /** Seconds; a subset of beats, assuming four beats to the bar. */
  downbeats: number[];
  key: { tonic: number; mode: KeyMode; name: string; clarity: number };
  /** Whole-track vector, AUDIO_FEATURE_NAMES order. */
  trackFeatures: Float32Array;
  /** ~10 s windows every ~5 s covering the track, bar- (or beat-) aligned when the tempo is confident. */
  segments: AudioSegment[];
  /** RMS level in dB (0 dB = full-scale square wave, floor −100) every 100 ms. */
  loudnessEnvelope: Float32Array;
}

export interface StreamingAudioAnalyzer {
  /** Next chunk of mono samples at AUDIO_ANALYSIS_SAMPLE_RATE, any length; not kept. */
  push(samples: Float32Array): void;
  /** Ends the stream and returns the analysis; the analyzer cannot be used afterwards. */
  finish(): AudioAnalysis;
}

export const SEGMENT_WINDOW_SEC = 10;
export const SEGMENT_HOP_SEC = 5;
/** Tempo confidence from which segment boundaries snap to the bar (or beat) grid. */
export const SEGMENT_SNAP_CONFIDENCE = 0.5;
/**
 * The onset envelope rises as an attack enters the 93 ms window, before it reaches the window's
 * centre; beat and onset times are moved later by this much (measured on click tracks).
 */
const ONSET_LATENCY_SEC = 0.022;

/**
 * One pass over the signal: each frame is reduced at once to descriptors kept per ~1 s block,
 * an onset and a harmonic-change value, and its share of a 10 Hz power envelope (about 200
 * floats per second of audio in all); rhythm, key and segments are worked out in finish().
 */
export function createAudioAnalyzer(): StreamingAudioAnalyzer {
  const spectral = createSpectralFrameAnalyzer();
  const frame = createFrameDescriptors();
  const blocks = new BlockStore();
  const onsetEnvelope = new FloatSeries();
  const harmonicChange = new FloatSeries();
  const novelty = createChromaNoveltyStage((_, value) => harmonicChange.push(value));
  const power = new PowerEnvelope(SAMPLE_RATE);
  const delta = createDeltaStage((index, descriptors) => blocks.addDescriptors(index, descriptors));
  const hpss = createHpssStage(MEL_BANDS, (index, harmonic, percussive) => blocks.addEnergies(index, harmonic, percussive));
  // Sliding analysis window (the kernel's frame, filled in place); starts half full of zeros so
  // frame j is centred on sample j·HOP.
  const window = spectral.frame;
  let filled = FRAME_SIZE / 2;
  let totalSamples = 0;
  let framesDone = 0;
  let finished = false;

  const analyseWindow = (): void => {
    spectral.analyse(frame);
    onsetEnvelope.push(frame.onsetStrength);
    blocks.addChroma(framesDone, frame.chroma);
    novelty.push(frame.chroma);
    hpss.push(frame.melPower);
    delta.push(frame.descriptors);
    framesDone++;
    window.copyWithin(0, HOP_SIZE);
    filled = FRAME_SIZE - HOP_SIZE;
  };

  return {
    push(samples) {
      if (finished) throw new Error('audio analyzer: push() after finish()');
      for (let i = 0; i < samples.length; ) {
        // Runs that end at a frame's or a 100 ms power window's end, whichever comes first.
        const take = Math.min(samples.length - i, FRAME_SIZE - filled, power.room());
        window.set(take === samples.length ? samples : samples.subarray(i, i + take), filled);
        // Corrupt packets can decode to NaN, Infinity or absurd values; they count as silence.
        power.add(take, spectral.sanitise(filled, filled + take));
        filled += take;
        i += take;
        if (filled === FRAME_SIZE) analyseWindow();
      }
      totalSamples += samples.length;
    },
    finish() {
      if (finished) throw new Error('audio analyzer: finish() called twice');
      finished = true;
      const frameCount = Math.ceil(totalSamples / HOP_SIZE);
      while (framesDone < frameCount) {
        window.fill(0, filled);
        analyseWindow();
      }
      delta.flush();
      hpss.flush();
      novelty.flush();
      blocks.finish();
      // Everything the kernels hold has been read: they go back for the next stream.
      spectral.release();
      hpss.release();
      novelty.release();
      const powerEnvelope = power.finish();
      const rhythm = analyseRhythm(onsetEnvelope.toArray(), harmonicChange.toArray(), powerEnvelope);
      return summariseTrack(totalSamples / SAMPLE_RATE, blocks, rhythm, powerEnvelope);
    },
  };
}

function summariseTrack(durationSec: number, blocks: BlockStore, rhythm: Rhythm, power: Float32Array): AudioAnalysis {
  const summarise = (startSec: number, endSec: number): Float32Array =>
    rangeFeatures(startSec, endSec, { blocks, power, rhythm });
  const snapGrid = rhythm.confidence >= SEGMENT_SNAP_CONFIDENCE ? boundaryGrid(rhythm) : [];
  const segments = planSegments(durationSec, snapGrid).map(({ startSec, endSec }) => ({
    startSec,
    endSec,
    features: summarise(startSec, endSec),
  }));
  const key = estimateKey(normalisedChroma(blocks.summarise(0, rhythm.onsetEnvelope.length).chroma));
  const loudnessEnvelope = new Float32Array(power.length);
  for (let i = 0; i < power.length; i++) loudnessEnvelope[i] = 10 * Math.log10(power[i] + 1e-10);
  return {
    durationSec,
    tempo: { bpm: rhythm.bpm, confidence: rhythm.confidence },
    beats: rhythm.beats,
    downbeats: rhythm.downbeats,
    key: { tonic: key.tonic, mode: key.mode, name: key.name, clarity: key.clarity },
    trackFeatures: summarise(0, durationSec),
    segments,
    loudnessEnvelope,
  };
}

interface Rhythm {
  onsetEnvelope: Float32Array;
  bpm: number;
  confidence: number;
  periodFrames: number;
  beats: number[];
  downbeats: number[];
  onsets: number[];
}

function analyseRhythm(onsetEnvelope: Float32Array, harmonicChange: Float32Array, power: Float32Array): Rhythm {
  const tempo = estimateTempo(onsetEnvelope, FRAMES_PER_SECOND);
  const beatFrames = trackBeats(onsetEnvelope, tempo.periodFrames);
  const beatPositions = refineBeats(onsetEnvelope, beatFrames);
  const grid = fitBeatGrid(beatPositions, tempo.periodFrames);
  const downbeatIndices = pickDownbeats(beatFrames, grid.beatNumbers, [
    beatFrames.map((f) => localMax(onsetEnvelope, f, 1)),
    beatFrames.map((f) => localMax(power, Math.round((f * ENVELOPE_RATE) / FRAMES_PER_SECOND), 1)),
    beatFrames.map((f) => localMax(harmonicChange, f, 2)),
  ]);
  const toSec = (frame: number): number => Math.max(0, frame / FRAMES_PER_SECOND + ONSET_LATENCY_SEC);
  return {
    onsetEnvelope,
    bpm: grid.periodFrames > 0 ? (60 * FRAMES_PER_SECOND) / grid.periodFrames : 0,
    confidence: tempo.confidence,
    periodFrames: grid.periodFrames,
    beats: beatPositions.map(toSec),
    downbeats: downbeatIndices.map((i) => toSec(beatPositions[i])),
    onsets: detectOnsets(onsetEnvelope).map(toSec),
  };
}

/** Bars when a bar fits in a segment hop, else beats: boundaries never move by more than half a hop. */
function boundaryGrid(rhythm: Rhythm): number[] {
  const barSec = (4 * rhythm.periodFrames) / FRAMES_PER_SECOND;
  return rhythm.downbeats.length >= 2 && barSec <= SEGMENT_HOP_SEC ? rhythm.downbeats : rhythm.beats;
}

/**
 * Windows of SEGMENT_WINDOW_SEC every SEGMENT_HOP_SEC from 0 to the end, the last one stretched
 * or shortened to end with the track (so, before snapping, lengths stay within ±25%). With a
 * grid (ascending times), every inner boundary moves to the nearest grid time inside the track.
 */
export function planSegments(durationSec: number, grid: readonly number[]): { startSec: number; endSec: number }[] {
  if (!(durationSec > 0)) return [];
  const inside = grid.filter((t) => t > 0 && t < durationSec);
  const snap = (t: number): number => {
    if (inside.length === 0) return t;
    const after = lowerBound(inside, t);
    if (after === 0) return inside[0];
    if (after === inside.length) return inside[after - 1];
    return t - inside[after - 1] <= inside[after] - t ? inside[after - 1] : inside[after];
  };
  const count = 1 + Math.max(0, Math.round((durationSec - SEGMENT_WINDOW_SEC) / SEGMENT_HOP_SEC));
  const segments: { startSec: number; endSec: number }[] = [];
  for (let k = 0; k < count; k++) {
    const startSec = k === 0 ? 0 : snap(k * SEGMENT_HOP_SEC);
    const endSec = k === count - 1 ? durationSec : snap(k * SEGMENT_HOP_SEC + SEGMENT_WINDOW_SEC);
    const previous = segments[segments.length - 1];
    if (endSec > startSec && (!previous || startSec > previous.startSec)) segments.push({ startSec, endSec });
  }
  return segments;
}

/** First index whose value is >= t in an ascending array (its length when none). */
function lowerBound(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface TrackSummaries {
  blocks: BlockStore;
  power: Float32Array;
  rhythm: Rhythm;
}

function rangeFeatures(startSec: number, endSec: number, track: TrackSummaries): Float32Array {
  const fromFrame = startSec * FRAMES_PER_SECOND;
  const toFrame = endSec * FRAMES_PER_SECOND;
  const stats = track.blocks.summarise(fromFrame, toFrame);
  const chroma = normalisedChroma(stats.chroma);
  const lengthSec = endSec - startSec;
  const onsetCount = lowerBound(track.rhythm.onsets, endSec) - lowerBound(track.rhythm.onsets, startSec);
  const energy = stats.harmonicEnergy + stats.percussiveEnergy;
  return buildFeatureVector({
    loudness: summariseLoudness(track.power, startSec * ENVELOPE_RATE, endSec * ENVELOPE_RATE),
    onsetRate: lengthSec > 0 ? onsetCount / lengthSec : 0,
    tempoBpm: track.rhythm.bpm,
    pulseClarity: pulseClarity(track.rhythm.onsetEnvelope, fromFrame, toFrame, track.rhythm.periodFrames),
    descriptorMean: stats.descriptorMean,
    descriptorStd: stats.descriptorStd,
    chroma,
    key: estimateKey(chroma),
    tonnetz: tonnetz(chroma),
    harmonicRatio: energy > 0 ? stats.harmonicEnergy / energy : 0.5,
  });
}

function normalisedChroma(chroma: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < CHROMA_BINS; i++) total += chroma[i];
  const out = new Float64Array(CHROMA_BINS);
  if (total > 0) for (let i = 0; i < CHROMA_BINS; i++) out[i] = chroma[i] / total;
  return out;
}
