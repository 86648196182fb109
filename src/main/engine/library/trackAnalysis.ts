import type { EmbeddingModel } from '../embedding/embeddingModel';
import type { SegmentEncoders } from '../encoders/segmentEncoder';
import { appendEmbedding } from '../embedding/pooling';
import { embeddingFeatureVersion } from '../embedding/featureVersion';
import { decodeAudio } from '../media/audioDecoder';
import { MediaError } from '../media/mediaError';
import { parseFfmpegListing, type MediaProbe } from '../media/probe';
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
 * Everything the library needs from one audio file, from a single ffmpeg run: the streams (ffmpeg's
 * own listing of the input, so no ffprobe process per file), tags, and all audio analyzers fed from
 * one stream of PCM. With the audio embedding slot filled, the same PCM feeds the model too, and its
 * pooled vectors follow the objective features of the track and of every segment
 * (docs/embeddings.md). With `encoders`, the same PCM (resampled to 16 kHz) also gives every segment
 * its tagger encodings (docs/musicnn.md). Throws MediaError with a human reason.
 */
export async function analyzeTrackFile(path: string, signal?: AbortSignal, audioEmbedding?: EmbeddingModel, encoders?: SegmentEncoders): Promise<AnalyzedTrack> {
  const tagsPromise = readTags(path);
  const analyzer = createAudioAnalyzer();
  // The embedding and the taggers run in TensorFlow.js, loaded only where one is asked for.
  const embedder = audioEmbedding && (await import('../embedding/audioEmbedding')).createAudioEmbedder(audioEmbedding);
  const encoderRun = encoders && (await import('../encoders/segmentEncoder')).createSegmentEncoderRun(encoders);
  // The streams as ffmpeg lists them before it decodes: a picture stream (not cover art) is a video,
  // refused before any audio is analysed. ffprobe is not asked: ffmpeg reads files it rejects (attack finding 9).
  let streams: MediaProbe | undefined;
  const decoded = await decodeAudio(
    path,
    {
      sampleRate: AUDIO_ANALYSIS_SAMPLE_RATE,
      signal,
      onListing: (listing) => {
        streams = parseFfmpegListing(path, listing);
        if (streams.video) throw new MediaError(path, streams.audio ? 'has a picture stream: a video, not indexed as music' : 'video file without an audio stream');
      },
    },
    (chunk) => {
      analyzer.push(chunk);
      embedder?.push(chunk);
      encoderRun?.push(chunk);
    },
  );
  if (decoded.durationSec < MIN_DURATION_SEC) {
    throw new MediaError(path, decoded.samples === 0 ? 'no decodable audio (truncated or corrupt)' : `too short (${decoded.durationSec.toFixed(2)} s)`);
  }
  const a = analyzer.finish();
  embedder?.finish();
  const withEmbedding = (features: Float32Array, startSec: number, endSec: number): Float32Array =>
    embedder ? appendEmbedding(features, embedder.pool(startSec, endSec)) : features;
  const tags = await tagsPromise;
  // The length the container states (0 where ffmpeg's listing gives none, as for a raw stream).
  const stated = streams?.durationSec ?? 0;
  const short = stated > 0 && a.durationSec < stated - Math.max(TRUNCATION_TOLERANCE.sec, TRUNCATION_TOLERANCE.share * stated);
  const warning = short ? `truncated: only ${a.durationSec.toFixed(1)} s of its ${stated.toFixed(1)} s could be decoded` : undefined;
  return {
    ...(warning ? { warning } : {}),
    tags,
    analysis: {
      durationSec: a.durationSec,
      codec: streams?.audio?.codec ?? 'unknown',
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
