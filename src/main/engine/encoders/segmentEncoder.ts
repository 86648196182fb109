import { createResampler, RESAMPLER_OUTPUT_RATE } from '../embedding/resampler';
import { loadMusicnn, musicnnCentredPatchStart, musicnnVersion, type MusicnnModel } from './musicnn';
import { MUSICNN_PATCH_FRAMES, MUSICNN_SAMPLE_RATE, musicnnFrameCount } from './musicnnFrontEnd';

/**
 * Pretrained-tagger encodings of library segments: both musicnn taggers (MTT and MSD) on one 3 s
 * patch centred on each segment, computed during indexing from the same decode as the audio
 * analyzer (22050 Hz PCM resampled to 16 kHz in code). Stored per segment with `version`
 * (db/trackRepository: `segmentEncodings`).
 */
export interface SegmentEncoding {
  /** MTT_musicnn tag probabilities (50, in `MusicnnModel.tagNames` order). */
  mtt: Float32Array;
  /** MSD_musicnn tag probabilities (50). */
  msd: Float32Array;
  /** MTT_musicnn penultimate layer (200). */
  mttEmbedding: Float32Array;
  /** MSD_musicnn penultimate layer (200). */
  msdEmbedding: Float32Array;
}

export interface TrackEncodings {
  /** The encoder version (`segmentEncoderVersion`) these were computed with. */
  version: string;
  /** One per analysis segment, in order; null where the track is too short for a patch (< 187 frames, ≈ 2.99 s). */
  segments: (SegmentEncoding | null)[];
}

/** Where the shipped encoders live and the version they must have (what analysis workers are given). */
export interface SegmentEncoderSource {
  dir: string;
  version: string;
}

export interface SegmentEncoders {
  readonly version: string;
  readonly mtt: MusicnnModel;
  readonly msd: MusicnnModel;
}

/** `CUEFINDER_SEGMENT_ENCODERS=off` indexes without them (on by default). */
export const SEGMENT_ENCODERS_VAR = 'CUEFINDER_SEGMENT_ENCODERS';
/** Names how patches are placed; part of the version because it changes the values. */
const PLACEMENT = 'centre-patch';

/** The version of encodings made from the taggers in `encodersDir` (reads their files; no TensorFlow.js). */
export function segmentEncoderVersion(encodersDir: string): string {
  return `${PLACEMENT}:${musicnnVersion('mtt', encodersDir)},${musicnnVersion('msd', encodersDir)}`;
}

/**
 * The encoders to index with: those in `encodersDir` unless `CUEFINDER_SEGMENT_ENCODERS=off`. Any other
 * value than unset, empty, 'on' or 'off' throws, as does a folder without readable, intact taggers.
 */
export function segmentEncoderSource(encodersDir: string, env: Record<string, string | undefined> = process.env): SegmentEncoderSource | undefined {
  const setting = env[SEGMENT_ENCODERS_VAR];
  if (setting === 'off') return undefined;
  if (setting !== undefined && setting !== '' && setting !== 'on') throw new Error(`${SEGMENT_ENCODERS_VAR}=${setting} is not supported; use "on" or "off"`);
  return { dir: encodersDir, version: segmentEncoderVersion(encodersDir) };
}

/** Loads both taggers; throws when their files no longer have the version the caller planned with. */
export async function loadSegmentEncoders(source: SegmentEncoderSource): Promise<SegmentEncoders> {
  const [mtt, msd] = await Promise.all([loadMusicnn('mtt', source.dir), loadMusicnn('msd', source.dir)]);
  const version = `${PLACEMENT}:${mtt.version},${msd.version}`;
  if (version !== source.version) throw new Error(`encoders in ${source.dir} changed while indexing (version ${version}, expected ${source.version})`);
  return { version, mtt, msd };
}

export interface SegmentEncoderRun {
  /** Next 22050 Hz mono samples (the analysis decode). */
  push(chunk: Float32Array): void;
  /** After the last chunk: encodes one patch centred on each segment. */
  finish(segments: readonly { startSec: number; endSec: number }[]): TrackEncodings;
}

/** One track's run: keeps the track at 16 kHz (64 kB per second of audio) until `finish`. */
export function createSegmentEncoderRun(encoders: SegmentEncoders): SegmentEncoderRun {
  if (RESAMPLER_OUTPUT_RATE !== MUSICNN_SAMPLE_RATE) throw new Error('the resampler does not produce musicnn\'s 16 kHz');
  let pcm = new Float32Array(RESAMPLER_OUTPUT_RATE * 60);
  let length = 0;
  const resampler = createResampler((sample) => {
    if (length === pcm.length) {
      const grown = new Float32Array(pcm.length * 2);
      grown.set(pcm);
      pcm = grown;
    }
    pcm[length++] = sample;
  });
  return {
    push: (chunk) => resampler.push(chunk),
    finish(segments) {
      resampler.finish();
      const audio = pcm.subarray(0, length);
      if (musicnnFrameCount(length) < MUSICNN_PATCH_FRAMES) return { version: encoders.version, segments: segments.map(() => null) };
      const patchStarts = segments.map((s) => musicnnCentredPatchStart(((s.startSec + s.endSec) / 2) * MUSICNN_SAMPLE_RATE, length));
      const mtt = encoders.mtt.analyze(audio, { patchStarts });
      const msd = encoders.msd.analyze(audio, { patchStarts });
      const row = (a: Float32Array, i: number, n: number): Float32Array => a.slice(i * n, (i + 1) * n);
      return {
        version: encoders.version,
        segments: segments.map((_, i) => ({
          mtt: row(mtt.tags, i, encoders.mtt.tagNames.length),
          msd: row(msd.tags, i, encoders.msd.tagNames.length),
          mttEmbedding: row(mtt.embedding, i, encoders.mtt.embeddingDim),
          msdEmbedding: row(msd.embedding, i, encoders.msd.embeddingDim),
        })),
      };
    },
  };
}
