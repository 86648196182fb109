import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, schemaVersion, type Db } from '../../src/main/engine/db/database';
import { segmentEncodings, segmentsOfTrack, listTracks } from '../../src/main/engine/db/trackRepository';
import { createResampler } from '../../src/main/engine/embedding/resampler';
import { loadSegmentEncoders, segmentEncoderSource, type SegmentEncoders } from '../../src/main/engine/encoders/segmentEncoder';
import { musicnnCentredPatchStart } from '../../src/main/engine/encoders/musicnn';
import { inProcessExecutor, type AnalysisExecutor } from '../../src/main/engine/library/analysisExecutor';
import { indexLibrary } from '../../src/main/engine/library/libraryIndexer';
import { decodeAudio } from '../../src/main/engine/media/audioDecoder';
import { AUDIO_ANALYSIS_SAMPLE_RATE } from '../../src/main/engine/audio/audioAnalyzer';
import { PROGRESSIONS, chordProgression, clickTrack, writeAudio } from '../helpers/audioFixtures';
import { makeTempDir } from '../helpers/fixtures';

const ENCODERS = join(__dirname, '..', '..', 'resources', 'encoders');
const tmp = makeTempDir();
const lib = join(tmp.dir, 'music');
let db: Db;
let encoders: SegmentEncoders;
let executor: AnalysisExecutor;

/** A generated track: chords with a click on every beat, long enough for several segments. */
function testTrack(): Float32Array {
  const chords = chordProgression(PROGRESSIONS['A minor'].map((c) => [...c]), 2, 6);
  const clicks = clickTrack(100, chords.length / 22050);
  return chords.map((x, i) => x + 0.5 * clicks[i]);
}

beforeAll(async () => {
  mkdirSync(lib, { recursive: true });
  writeAudio(join(lib, 'song.flac'), testTrack(), { title: 'song' });
  writeAudio(join(lib, 'short.wav'), clickTrack(120, 2), { title: 'short' });
  db = openDatabase(join(tmp.dir, 'lib.db'));
  const source = segmentEncoderSource(ENCODERS, { CUEFINDER_SEGMENT_ENCODERS: 'on' });
  if (!source) throw new Error('CUEFINDER_SEGMENT_ENCODERS=on gives the shipped encoders');
  encoders = await loadSegmentEncoders(source);
  executor = inProcessExecutor(1, undefined, encoders);
});

afterAll(() => {
  db?.close();
  tmp.cleanup();
});

describe('segment encodings in the library index', () => {
  it('stores both taggers for every segment, as the encoder gives them on the resampled decode', async () => {
    const first = await indexLibrary(db, lib, { executor });
    expect(first.indexed).toBe(2);
    // The segment encodings table came with migration 50; later ones keep it.
    expect(schemaVersion(db)).toBeGreaterThanOrEqual(50);
    const song = listTracks(db).find((t) => t.title === 'song')!;
    const segments = segmentsOfTrack(db, song.id);
    expect(segments.length).toBeGreaterThan(1);
    const stored = segmentEncodings(db, encoders.version);
    for (const s of segments) {
      const e = stored.get(s.id)!;
      expect(e.mtt).toHaveLength(50);
      expect(e.msd).toHaveLength(50);
      expect(e.mttEmbedding).toHaveLength(200);
      expect(e.msdEmbedding).toHaveLength(200);
      for (const p of [...e.mtt, ...e.msd]) expect(p > 0 && p < 1).toBe(true);
    }
    // The same numbers from the encoder run by hand: decode at 22050 Hz, resample to 16 kHz, centred patches.
    const pcm: number[] = [];
    const resampler = createResampler((x) => pcm.push(x));
    await decodeAudio(join(lib, 'song.flac'), { sampleRate: AUDIO_ANALYSIS_SAMPLE_RATE }, (chunk) => resampler.push(chunk));
    resampler.finish();
    const audio = Float32Array.from(pcm);
    const starts = segments.map((s) => musicnnCentredPatchStart(((s.startSec + s.endSec) / 2) * 16000, audio.length));
    const direct = encoders.msd.analyze(audio, { patchStarts: starts });
    segments.forEach((s, i) => {
      const e = stored.get(s.id)!;
      for (let k = 0; k < 50; k++) expect(Math.abs(e.msd[k] - direct.tags[i * 50 + k])).toBeLessThan(1e-5);
    });
    // Distinct musical content gives distinct tags: the segments are not one constant vector.
    const firstMtt = stored.get(segments[0].id)!.mtt;
    const spread = Math.max(...segments.map((s) => Math.max(...stored.get(s.id)!.mtt.map((p, k) => Math.abs(p - firstMtt[k])))));
    expect(spread).toBeGreaterThan(1e-3);
  });

  it('leaves segments of a track shorter than a patch without encodings', () => {
    const short = listTracks(db).find((t) => t.title === 'short')!;
    const stored = segmentEncodings(db, encoders.version);
    for (const s of segmentsOfTrack(db, short.id)) expect(stored.has(s.id)).toBe(false);
  });

  it('re-indexes only when the encoder version changes, and never for encoders switched off', async () => {
    expect((await indexLibrary(db, lib, { executor })).unchanged).toBe(2);
    expect((await indexLibrary(db, lib, { executor: inProcessExecutor(1) })).unchanged).toBe(2);
    // An executor with other encoders: every track stored at this version is analysed again.
    const other: AnalysisExecutor = { ...executor, encoderVersion: 'centre-patch:other' };
    expect((await indexLibrary(db, lib, { executor: other })).indexed).toBe(2);
    expect(segmentEncodings(db, 'centre-patch:other').size).toBe(0);
  });

  it('refuses an unknown CUEFINDER_SEGMENT_ENCODERS value and a folder without encoders', () => {
    expect(segmentEncoderSource(ENCODERS, { CUEFINDER_SEGMENT_ENCODERS: 'off' })).toBeUndefined();
    expect(segmentEncoderSource(ENCODERS, {}), 'off by default').toBeUndefined();
    expect(() => segmentEncoderSource(ENCODERS, { CUEFINDER_SEGMENT_ENCODERS: 'yes' })).toThrow(/not supported/);
    expect(() => segmentEncoderSource(tmp.dir, { CUEFINDER_SEGMENT_ENCODERS: 'on' })).toThrow(/musicnn mtt: cannot read .*manifest\.json/);
  });
});
