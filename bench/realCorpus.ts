import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ffmpegBinaries } from '../src/main/engine/media/ffmpegBinaries';

/**
 * The real-media development corpus (../shared/corpus/build-dev-corpus.sh) laid out for the real
 * bench: per half of bench/data/real-split.json, a music library folder (links to the corpus
 * files, plus the extracted soundtracks of the videos with music) and a project folder of scene
 * clips made from the half's photographs: one slow, calm camera move and one fast, shaking move per
 * photo. Generated clips are made once and kept in the work folder; nothing here is committed.
 */

export type Half = 'design' | 'heldOut';
export type Arousal = 'high' | 'low';

export interface RealSplit {
  arousal: { high: string[]; low: string[] };
  minTrackSeconds: number;
  halves: Record<Half, { music: string[]; photos: string[] }>;
  photosPerHalf: number;
  ownSoundtrack: { videos: string[] };
}

interface ManifestEntry {
  kind: 'music' | 'video' | 'photo';
  package: string;
  duration?: number;
  mood_hints?: string[];
  title?: string;
}

export interface CorpusTrack {
  /** Corpus-relative path. */
  rel: string;
  /** Path of the link inside the half's library folder. */
  libraryPath: string;
  package: string;
  hints: string[];
  arousal?: Arousal;
}

export interface SceneClip {
  path: string;
  /** The scene class the clip was made as. */
  arousal: Arousal;
  source: string;
}

export interface PreparedHalf {
  half: Half;
  libraryDir: string;
  projectDir: string;
  tracks: CorpusTrack[];
  clips: SceneClip[];
  /** Own soundtracks: video (a link in the project folder) → its extracted track in the library. */
  ownSoundtracks: { video: string; videoPath: string; trackPath: string }[];
}

const here = import.meta.dirname;

export function readSplit(): RealSplit {
  // bench/ in the sources, out/main/ when built: the data folder sits beside this file in the sources.
  const candidates = [join(here, 'data', 'real-split.json'), join(here, '..', '..', 'bench', 'data', 'real-split.json')];
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`bench/data/real-split.json not found (looked in ${candidates.join(', ')})`);
  return JSON.parse(readFileSync(file, 'utf8')) as RealSplit;
}

export function arousalOf(hints: readonly string[], split: RealSplit): Arousal | undefined {
  const high = hints.some((h) => split.arousal.high.includes(h));
  const low = hints.some((h) => split.arousal.low.includes(h));
  return high === low ? undefined : high ? 'high' : 'low';
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${basename(cmd)} ${args.join(' ')} failed: ${r.stderr?.slice(-400)}`);
}

/** A hard link (a copy across file systems): the scan follows no symbolic link that leads out of the opened folder. */
function link(target: string, at: string): void {
  if (existsSync(at)) return;
  try {
    linkSync(target, at);
  } catch {
    copyFileSync(target, at);
  }
}

/** 6 s at 25 fps, 640×360: a slow push-in with a gentle drift (calm) or a fast, shaking hand-held move (energetic). */
function makeClip(photo: string, out: string, arousal: Arousal): void {
  if (existsSync(out)) return;
  const fit = 'scale=1280:720:force_original_aspect_ratio=increase,crop=1280:720,setsar=1';
  const move =
    arousal === 'low'
      ? "zoompan=z='1+0.0008*on':x='iw/2-(iw/zoom/2)+on*0.4':y='ih/2-(ih/zoom/2)':d=1:s=640x360:fps=25"
      : "crop=w=900:h=506:x='190+170*sin(n*1.9)*cos(n*0.31)+20*sin(n*7.3)':y='107+95*cos(n*2.3)*sin(n*0.43)+12*cos(n*6.1)',scale=640:360";
  const tmp = out + '.part.mp4';
  run(ffmpegBinaries().ffmpeg, ['-y', '-v', 'error', '-loop', '1', '-framerate', '25', '-t', '6', '-i', photo, '-vf', `${fit},${move},format=yuv420p`, '-r', '25', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-an', tmp]);
  run('mv', [tmp, out]);
}

/** Lays out one half in workDir/<half>/{library,project} (idempotent: existing files are kept). */
export function prepareHalf(corpusDir: string, workDir: string, half: Half, split: RealSplit): PreparedHalf {
  const manifest = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8')) as { files: Record<string, ManifestEntry> };
  const root = join(workDir, half);
  const libraryDir = join(root, 'library');
  const projectDir = join(root, 'project');
  mkdirSync(libraryDir, { recursive: true });
  mkdirSync(projectDir, { recursive: true });
  const spec = split.halves[half];

  const tracks: CorpusTrack[] = [];
  for (const [rel, entry] of Object.entries(manifest.files).sort(([a], [b]) => a.localeCompare(b))) {
    if (entry.kind !== 'music' || !spec.music.includes(entry.package) || (entry.duration ?? 0) < split.minTrackSeconds) continue;
    const libraryPath = join(libraryDir, `${entry.package}--${basename(rel)}`);
    if (existsSync(libraryPath) && lstatSync(libraryPath).isSymbolicLink()) rmSync(libraryPath); // layouts before hard links
    link(resolve(corpusDir, rel), libraryPath);
    const hints = entry.mood_hints ?? [];
    tracks.push({ rel, libraryPath, package: entry.package, hints, arousal: arousalOf(hints, split) });
  }

  const ownSoundtracks: PreparedHalf['ownSoundtracks'] = [];
  for (const rel of split.ownSoundtrack.videos) {
    const src = resolve(corpusDir, rel);
    if (!existsSync(src)) continue;
    const name = rel.split('/').slice(-2).join('--');
    const trackPath = join(libraryDir, `own--${name}.ogg`);
    if (!existsSync(trackPath)) run(ffmpegBinaries().ffmpeg, ['-y', '-v', 'error', '-i', src, '-vn', '-c:a', 'copy', trackPath]);
    // Remuxed (stream copy) into Matroska: the project scan of this release picks videos by
    // extension, and `.ogg` is taken as audio there.
    const videoPath = join(projectDir, `own--${name}.mkv`);
    if (!existsSync(videoPath)) run(ffmpegBinaries().ffmpeg, ['-y', '-v', 'error', '-i', src, '-map', '0', '-c', 'copy', videoPath]);
    ownSoundtracks.push({ video: rel, videoPath, trackPath });
  }

  const photos = Object.entries(manifest.files)
    .filter(([, e]) => e.kind === 'photo' && spec.photos.includes(e.package))
    .map(([rel]) => rel)
    .sort();
  // Evenly spaced over the sorted list, so every package of the half is drawn from.
  const step = Math.max(1, photos.length / split.photosPerHalf);
  const chosen = Array.from({ length: Math.min(split.photosPerHalf, photos.length) }, (_, i) => photos[Math.floor(i * step)]);
  const clips: SceneClip[] = [];
  chosen.forEach((rel, i) => {
    for (const arousal of ['low', 'high'] as const) {
      const out = join(projectDir, `photo-${String(i).padStart(2, '0')}-${arousal === 'low' ? 'calm' : 'shaky'}.mp4`);
      makeClip(resolve(corpusDir, rel), out, arousal);
      clips.push({ path: out, arousal, source: rel });
    }
  });
  // Leftovers from an earlier, larger layout would be analysed as part of the project.
  const expected = new Set([...clips.map((c) => basename(c.path)), ...ownSoundtracks.map((o) => basename(o.videoPath))]);
  for (const f of readdirSync(projectDir)) if (!expected.has(f)) rmSync(join(projectDir, f), { force: true });
  writeFileSync(join(root, 'layout.json'), JSON.stringify({ half, tracks: tracks.length, clips: clips.length, ownSoundtracks }, null, 2));
  return { half, libraryDir, projectDir, tracks, clips, ownSoundtracks };
}
