import { decodeAudio } from '../media/audioDecoder';
import { MediaError } from '../media/mediaError';
import { probeMedia } from '../media/probe';
import { AUDIO_ANALYSIS_SAMPLE_RATE, AUDIO_FEATURE_VERSION, createAudioAnalyzer } from '../audio/audioAnalyzer';
import type { TrackAnalysisRecord, TrackTags } from '../db/trackRepository';
import { readTags } from './tagReader';

export interface AnalyzedTrack {
  tags: TrackTags;
  analysis: TrackAnalysisRecord;
}

/** Shortest audio worth indexing: below this there is no section to suggest. */
const MIN_DURATION_SEC = 1;

/**
 * Everything the library needs from one audio file, from a single decode: probe, tags, and all
 * audio analyzers fed from one stream of PCM. Throws MediaError with a human reason.
 */
export async function analyzeTrackFile(path: string, signal?: AbortSignal): Promise<AnalyzedTrack> {
  const probe = await probeMedia(path);
  if (!probe.audio) throw new MediaError(path, probe.video ? 'video file without an audio stream' : 'no audio stream');
  if (probe.video) throw new MediaError(path, 'has a picture stream: a video, not indexed as music');
  const tagsPromise = readTags(path);
  const analyzer = createAudioAnalyzer();
  const decoded = await decodeAudio(path, { sampleRate: AUDIO_ANALYSIS_SAMPLE_RATE, signal }, (chunk) => analyzer.push(chunk));
  if (decoded.durationSec < MIN_DURATION_SEC) {
    throw new MediaError(path, decoded.samples === 0 ? 'no decodable audio (truncated or corrupt)' : `too short (${decoded.durationSec.toFixed(2)} s)`);
  }
  const a = analyzer.finish();
  const tags = await tagsPromise;
  return {
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
      features: a.trackFeatures,
      featureVersion: AUDIO_FEATURE_VERSION,
      segments: a.segments,
    },
  };
}
