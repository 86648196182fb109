import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXPORT_FORMATS, type ExportFormat } from '../../src/main/engine/export/exportFormats';
import { musicLanes } from '../../src/main/engine/export/fcpxmlWriter';
import { type Timeline, crossfadeOutFrames } from '../../src/main/engine/export/timeline';
import type { FrameRate } from '../../src/shared/time';

/**
 * Reads Cuefinder's exports back with the readers editors' tools use (OpenTimelineIO and its
 * CMX 3600, FCP X XML and FCP 7 XML adapters, run by test/readers/read_exports.py) and says where
 * what they read differs from the timeline. Python and the pinned packages
 * (test/readers/requirements.txt) are found through $CUEFINDER_OTIO_PYTHON or the CI venv
 * `.venv-ci`; without them `readerPython()` says why, and callers skip.
 */

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const READER_SCRIPT = join(REPO, 'test/readers/read_exports.py');
const REQUIRED_MODULES = ['opentimelineio', 'otio_cmx3600_adapter', 'otio_fcpx_xml_adapter', 'otio_fcp_adapter'];

/** The Python that has the readers, or the reason there is none. */
export function readerPython(): { python: string } | { missing: string } {
  const fromEnv = process.env.CUEFINDER_OTIO_PYTHON;
  const candidates = fromEnv ? [fromEnv] : [join(REPO, '.venv-ci/bin/python')];
  for (const python of candidates) {
    if (!existsSync(python)) continue;
    const probe = spawnSync(python, ['-c', `import ${REQUIRED_MODULES.join(', ')}`], { encoding: 'utf8' });
    if (probe.status === 0) return { python };
    return { missing: `${python} lacks the readers (pip install -r test/readers/requirements.txt): ${probe.stderr.trim().split('\n').pop()}` };
  }
  return {
    missing: fromEnv
      ? `CUEFINDER_OTIO_PYTHON=${fromEnv} does not exist`
      : 'no Python with OpenTimelineIO: set CUEFINDER_OTIO_PYTHON or create .venv-ci (python3 -m venv .venv-ci && .venv-ci/bin/pip install -r test/readers/requirements.txt)',
  };
}

/** One clip as a reader must see it: frames at the timeline rate, record from the timeline start, source with the timecode origin. */
export interface ExpectedClip {
  recordIn: number;
  recordOut: number;
  sourceIn: number;
  sourceOut: number;
  /** Frames the clip runs on past sourceOut in this format (FCPXML lengthens the outgoing clip of a cross-fade). */
  tail: number;
  path: string;
  /** FCPXML lane, for the adapter's per-lane placement. */
  lane?: number;
  /** Record frames of the clip's markers, when the file carries markers. */
  markers?: number[];
}

export interface ReaderEntry {
  path: string;
  format: ExportFormat;
  rate: FrameRate;
  dropFrame: boolean;
  startFrame: number;
  expect: { videoTracks: number; audioTracks: number; video: ExpectedClip[]; music: ExpectedClip[] };
}

/** What a correct reading of `format` written from `timeline` looks like. */
export function expectedReading(timeline: Timeline, format: ExportFormat, path: string): ReaderEntry {
  const video: ExpectedClip[] = timeline.videoClips.map((clip) => ({
    recordIn: clip.recordIn,
    recordOut: clip.recordOut,
    sourceIn: clip.media.originFrame + clip.sourceIn,
    sourceOut: clip.media.originFrame + clip.sourceOut,
    tail: 0,
    path: clip.media.path,
  }));
  const lanes = musicLanes(timeline.musicClips);
  const music: ExpectedClip[] = timeline.musicClips.map((clip, i) => {
    const expected: ExpectedClip = {
      recordIn: clip.recordIn,
      recordOut: clip.recordOut,
      sourceIn: clip.sourceIn,
      sourceOut: clip.sourceOut,
      tail: format === 'fcpxml' ? crossfadeOutFrames(timeline.musicClips, i) : 0,
      path: clip.media.path,
      markers: clip.markers.map((beat) => clip.recordIn + beat.sourceFrame - clip.sourceIn),
    };
    if (format === 'fcpxml') expected.lane = lanes[i];
    return expected;
  });
  const hasMusic = music.length > 0;
  // FCPXML: one lane per overlapping music clip; EDL: a track per channel used; OTIO and FCP 7: the Music track.
  const audioTracks = format === 'fcpxml' ? new Set(lanes).size : format === 'edl' ? (hasMusic ? 1 : 0) : 1;
  return { path, format, rate: timeline.rate, dropFrame: timeline.dropFrame, startFrame: timeline.startFrame, expect: { videoTracks: 1, audioTracks, video, music } };
}

export interface ReaderResult {
  path: string;
  format: ExportFormat;
  reader: string;
  problems: string[];
  notes: string[];
  counts: Record<string, number>;
}

export interface ReaderReport {
  versions: Record<string, string | null>;
  results: ReaderResult[];
}

/** Runs the readers over the entries (one Python process) and returns what they found. */
export function readBack(python: string, entries: ReaderEntry[], workDir: string): ReaderReport {
  mkdirSync(workDir, { recursive: true });
  const manifest = join(workDir, 'manifest.json');
  writeFileSync(manifest, JSON.stringify({ files: entries }));
  const run = spawnSync(python, [READER_SCRIPT, manifest], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${READER_SCRIPT} failed (exit ${run.status}): ${run.stderr.trim()}`);
  return JSON.parse(run.stdout) as ReaderReport;
}

/** Writes the timeline in every format to `dir` and returns the entries to read back. */
export function writeEveryFormat(timeline: Timeline, dir: string, stem: string, write = (format: ExportFormat, t: Timeline) => EXPORT_FORMATS[format].write(t)): ReaderEntry[] {
  mkdirSync(dir, { recursive: true });
  return (Object.keys(EXPORT_FORMATS) as ExportFormat[]).map((format) => {
    const path = join(dir, stem + EXPORT_FORMATS[format].extension);
    writeFileSync(path, write(format, timeline));
    return expectedReading(timeline, format, path);
  });
}
