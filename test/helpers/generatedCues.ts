import type { SceneCue } from '../../src/main/engine/export/timeline';
import { type FrameRate, framesToSeconds } from '../../src/shared/time';

/**
 * A generated three-video project at `rate`: 3 videos of 4–6 scenes each (1.5–7 s), scored with a
 * mix of new tracks (cross-fades), continuations of the previous scene's track, sections shorter
 * than their scene (silence after) and unscored scenes; file names with spaces and non-ASCII
 * characters. Every song has a beat grid (beats and every fourth one a downbeat, at its own tempo)
 * for beat markers. Deterministic for a seed (mulberry32).
 */
export function generatedProjectCues(rate: FrameRate, seed = 3): SceneCue[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const fps = rate.num / rate.den;
  const videos = ['/footage/Day 1/A001_C001 interview.mov', '/footage/Day 1/B-roll façade.mp4', '/footage/Day 2/drone #3.mov'];
  const songs = ['/music/Calm/Still Water.wav', '/music/Tense/Narrow Corridor — 2.flac', '/music/Bright/Golden Parade.mp3', '/music/Night/Lunar Caves.m4a'];
  const grid = (song: number): { beats: number[]; downbeats: number[] } => {
    const period = 60 / (84 + 17 * song);
    const beats = Array.from({ length: Math.floor(90 / period) }, (_, i) => 0.137 * (song + 1) + i * period);
    return { beats, downbeats: beats.filter((_, i) => i % 4 === 0) };
  };
  const cues: SceneCue[] = [];
  let previousSong: { path: string; outSec: number } | undefined;
  videos.forEach((videoPath, v) => {
    const scenes = 4 + Math.floor(random() * 3);
    let frame = Math.floor(random() * 50);
    for (let s = 0; s < scenes; s++) {
      const length = Math.round((1.5 + random() * 5.5) * fps);
      const cue: SceneCue = {
        videoPath,
        videoName: videoPath.split('/').pop() as string,
        sceneIndex: s,
        startFrame: frame,
        endFrame: frame + length,
        videoRate: rate,
        videoStartTimecode: v === 0 ? (rate.num === 30000 ? '14:03:10;02' : '14:03:10:02') : undefined,
      };
      frame += length;
      const sceneSec = framesToSeconds(length, rate);
      const roll = random();
      if (roll < 0.12) {
        previousSong = undefined; // unscored: silence under this scene
      } else if (roll < 0.4 && previousSong) {
        const inSec = previousSong.outSec;
        cue.music = { path: previousSong.path, title: 'continued', inSec, outSec: inSec + sceneSec, continuesFromPrevious: true, trackId: 1, ...grid(songs.indexOf(previousSong.path)) };
        previousSong = { path: previousSong.path, outSec: inSec + sceneSec };
      } else {
        const path = songs[Math.floor(random() * songs.length)];
        const inSec = Math.round(random() * 600) / 10;
        const short = roll > 0.9 ? 0.6 : 1;
        const outSec = inSec + sceneSec * short;
        cue.music = { path, title: path.split('/').pop() as string, inSec, outSec, continuesFromPrevious: false, trackId: songs.indexOf(path) + 1, ...grid(songs.indexOf(path)) };
        previousSong = short < 1 ? undefined : { path, outSec };
      }
      cues.push(cue);
    }
  });
  return cues;
}
