import { type FrameRate, framesToSeconds, secondsToFrames, supportsDropFrame } from '../../../src/shared/time';
import type { SceneCue } from '../../../src/main/engine/export/timeline';

/**
 * The golden cue list: four scenes from three videos, scored by three tracks. Exercises a music
 * continuation (scenes 0→1), two track changes with cross-fades, a section shorter than its scene
 * (silence at the end), source timecode, a metadata reel, unicode/space/markup in names, a long
 * file name and reel-name collisions (both "A very long …" files sanitise to AVERYLON).
 */
export const VIDEO_OPENING = '/Volumes/Footage/Day 1/Opening Shot.mov';
export const VIDEO_CAFE = '/Volumes/Footage/Day 1/café scène №2.mp4';
export const VIDEO_LONG =
  '/Volumes/Footage/Day 2/A very long file name for the final establishing shot of the evening, take 3 (graded) & final.mov';
export const MUSIC_ALPHA = '/Users/editor/Music/Library/Track Alpha — Morning Light.wav';
export const MUSIC_SECOND = '/Users/editor/Music/Library/Second Song <Live> "Encore".mp3';
export const MUSIC_LONG = '/Users/editor/Music/Library/A very long file name song.flac';

export interface GoldenRate {
  label: string;
  rate: FrameRate;
}

export const GOLDEN_RATES: GoldenRate[] = [
  { label: '23.976', rate: { num: 24000, den: 1001 } },
  { label: '25', rate: { num: 25, den: 1 } },
  { label: '29.97df', rate: { num: 30000, den: 1001 } },
];

const fileName = (path: string): string => path.split('/').pop() as string;

/** Cues at `rate` (footage shot at the project rate); music sections as the suggestion engine computes them, from scene frames. */
export function goldenCues(rate: FrameRate): SceneCue[] {
  const sep = supportsDropFrame(rate) ? ';' : ':';
  const scene = (path: string, sceneIndex: number, t0: number, t1: number, extra: Partial<SceneCue> = {}): SceneCue => ({
    videoPath: path,
    videoName: fileName(path),
    sceneIndex,
    startFrame: secondsToFrames(t0, rate),
    endFrame: secondsToFrames(t1, rate),
    videoRate: rate,
    ...extra,
  });
  const lengthSec = (cue: SceneCue): number => framesToSeconds(cue.endFrame - cue.startFrame, rate);

  const s0 = scene(VIDEO_OPENING, 0, 0, 4, { reel: 'A001_C003', videoStartTimecode: `00:59:50${sep}00` });
  const s1 = scene(VIDEO_OPENING, 1, 4, 9.5, { reel: 'A001_C003', videoStartTimecode: `00:59:50${sep}00` });
  const s3 = scene(VIDEO_CAFE, 3, 2, 5);
  const s7 = scene(VIDEO_LONG, 7, 10, 16, { videoStartTimecode: `10:00:00${sep}00` });

  const alphaOut0 = 12 + lengthSec(s0);
  s0.music = { path: MUSIC_ALPHA, title: 'Morning Light', inSec: 12, outSec: alphaOut0, continuesFromPrevious: false, trackId: 11, sampleRate: 48000 };
  s1.music = { path: MUSIC_ALPHA, title: 'Morning Light', inSec: alphaOut0, outSec: alphaOut0 + lengthSec(s1), continuesFromPrevious: true, trackId: 11, sampleRate: 48000 };
  s3.music = { path: MUSIC_SECOND, title: 'Second Song (Live) & "Encore"', inSec: 30, outSec: 30 + lengthSec(s3), continuesFromPrevious: false, trackId: 12 };
  s7.music = { path: MUSIC_LONG, title: 'Evening Theme', inSec: 5, outSec: 9, continuesFromPrevious: false, trackId: 13, sampleRate: 44100 };
  return [s0, s1, s3, s7];
}

export const GOLDEN_TITLE = 'Cuefinder golden — 4 scenes';
