import type { EmbeddingModel } from '../embedding/embeddingModel';
import { createSegmentEncoderRun, type SegmentEncoders } from '../encoders/segmentEncoder';
import { createAudioEmbedder } from '../embedding/audioEmbedding';
import { appendEmbedding } from '../embedding/pooling';
import { embeddingFeatureVersion } from '../embedding/slots';
import { decodeAudio } from '../media/audioDecoder';
import { MediaError } from '../media/mediaError';
import { ProbeFailure, probeMedia } from '../media/probe';
import { AUDIO_ANALYSIS_SAMPLE_RATE, AUDIO_FEATURE_VERSION, createAudioAnalyzer } from '../audio/audioAnalyzer';
import type { TrackAnalysisRecord, TrackTags } from '../db/trackRepository';
import { readTags } from './tagReader';

export interface AnalyzedTrack {
  tags: TrackTags;
  analysis: TrackAnalysisRecord;
  /** Indexed, but not as the file claims to be (a truncated file: less audio than its header says). */
  warning?: string;
}

/** A file whose decodable audio falls this far short of its stated length is reported as truncated. */
const TRUNCATION_TOLERANCE = { sec: 1, share: 0.05 };

/** Shortest audio worth indexing: below this there is no section to suggest. */
const MIN_DURATION_SEC = 1;

/**
 * Everything the library needs from one audio file, from a single decode: probe, tags, and all
 * audio analyzers fed from one stream of PCM. With the audio embedding slot filled, the same PCM
 * feeds the model too, and its pooled vectors follow the objective features of the track and of
 * every segment (docs/embeddings.md). With `encoders`, the same PCM (resampled to 16 kHz) also gives
 * every segment its tagger encodings (docs/musicnn.md). Throws MediaError with a human reason.
 */
export async function analyzeTrackFile(path: string, signal?: AbortSignal, audioEmbedding?: EmbeddingModel, encoders?: SegmentEncoders): Promise<AnalyzedTrack> {
  // Where ffprobe fails on a readable file, probeMedia falls back on ffmpeg's own listing and ffmpeg's
  // decode decides: what it decodes is indexed, with a warning that names ffprobe's reason (attack finding 9).
  const probe = await probeMedia(path);
  const probeFailure = probe.ffprobeFailure;
  if (!probe.audio) throw new MediaError(path, probe.video ? 'video file without an audio stream' : 'no audio stream');
  if (probe.video) throw new MediaError(path, 'has a picture stream: a video, not indexed as music');
  const tagsPromise = readTags(path);
  const analyzer = createAudioAnalyzer();
  const embedder = audioEmbedding && createAudioEmbedder(audioEmbedding);
  const encoderRun = encoders && createSegmentEncoderRun(encoders);
  const decoded = await decodeAudio(path, { sampleRate: AUDIO_ANALYSIS_SAMPLE_RATE, signal }, (chunk) => {
    analyzer.push(chunk);
    embedder?.push(chunk);
    encoderRun?.push(chunk);
  }).catch((err: unknown) => {
    // Neither could read it: ffprobe's reason is the one to report.
    throw probeFailure && err instanceof MediaError && !signal?.aborted ? new ProbeFailure(path, probeFailure) : err;
  });
  if (probeFailure && decoded.samples === 0) throw new ProbeFailure(path, probeFailure);
  if (decoded.durationSec < MIN_DURATION_SEC) {
    throw new MediaError(path, decoded.samples === 0 ? 'no decodable audio (truncated or corrupt)' : `too short (${decoded.durationSec.toFixed(2)} s)`);
  }
  const a = analyzer.finish();
  embedder?.finish();
  const withEmbedding = (features: Float32Array, startSec: number, endSec: number): Float32Array =>
    embedder ? appendEmbedding(features, embedder.pool(startSec, endSec)) : features;
  const tags = await tagsPromise;
  const stated = probeFailure ? 0 : probe.durationSec;
  const short = stated > 0 && a.durationSec < stated - Math.max(TRUNCATION_TOLERANCE.sec, TRUNCATION_TOLERANCE.share * stated);
  const warning = probeFailure
    ? `ffprobe could not read it (${probeFailure}); indexed from what ffmpeg decoded (${a.durationSec.toFixed(1)} s)`
    : short
      ? `truncated: only ${a.durationSec.toFixed(1)} s of its ${stated.toFixed(1)} s could be decoded`
      : undefined;
  return {
    ...(warning ? { warning } : {}),
    tags,
    analysis: {
      durationSec: a.durationSec,
      codec: probe.audio.codec,
      bpm: a.tempo.bpm,
      tempoConfidence: a.tempo.confidence,
      key: a.key,
      beats: a.beats,
      downbeats: a.downbeats,
      loudness: a.loudnessEnvelope,
      features: withEmbedding(a.trackFeatures, 0, Infinity),
      featureVersion: embeddingFeatureVersion(AUDIO_FEATURE_VERSION, audioEmbedding),
      segments: a.segments.map((s) => ({ ...s, features: withEmbedding(s.features, s.startSec, s.endSec) })),
      ...(encoderRun && { encodings: encoderRun.finish(a.segments) }),
    },
  };
}
