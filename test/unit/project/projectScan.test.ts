import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { openDatabase, type Db } from '../../../src/main/engine/db/database';
import { analyzeProject, type AnalyzeProjectResult } from '../../../src/main/engine/project/projectAnalyzer';
import { PREVIEW_MARK_ARGS } from '../../../src/main/engine/render/previewMark';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

/** A project scan takes every file ffmpeg reads as video, by extension or by probing, and lists the rest with the reason. */

const tmp = makeTempDir('cuefinder-scan-');
afterAll(tmp.cleanup);
const project = join(tmp.dir, 'footage');
let db: Db;
let result: AnalyzeProjectResult;

/** Two 2 s shots joined by a cut, in the container and codec given. */
function twoShots(path: string, codec: string[]): void {
  runFfmpeg([
    '-f', 'lavfi', '-t', '2', '-i', 'testsrc2=s=160x90:r=25',
    '-f', 'lavfi', '-t', '2', '-i', 'smptebars=s=160x90:r=25',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]', '-map', '[v]', ...codec, path,
  ]);
}

beforeAll(async () => {
  mkdirSync(project, { recursive: true });
  twoShots(join(project, 'theora.ogv'), ['-c:v', 'libtheora', '-q:v', '7']);
  twoShots(join(project, 'theora in ogg.ogg'), ['-c:v', 'libtheora', '-q:v', '7']);
  twoShots(join(project, 'dvd.vob'), ['-c:v', 'mpeg2video', '-q:v', '4', '-f', 'vob']);
  twoShots(join(project, 'capture.asf'), ['-c:v', 'wmv2', '-q:v', '4', '-f', 'asf']);
  twoShots(join(project, 'camera.flv'), ['-c:v', 'flv', '-q:v', '4']);
  // MPEG-TS: the bundled ffprobe crashes on it; ffmpeg's own listing of the streams stands in.
  twoShots(join(project, 'broadcast.ts'), ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mpegts']);
  twoShots(join(project, 'no extension'), ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mp4']);
  // A preview render saved in the project folder (as the app does) carries the mark renderCut writes.
  twoShots(join(project, 'footage preview.mp4'), ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', ...PREVIEW_MARK_ARGS]);
  copyFileSync(join(project, 'theora.ogv'), join(project, 'odd.bin2'));
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-c:a', 'libvorbis', join(project, 'music.ogg')]);
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=d=1', join(project, 'voice.wav')]);
  writeFileSync(join(project, 'notes.txt'), 'shot list\n');
  writeFileSync(join(project, 'garbage.dat'), 'not media at all\n'.repeat(50));
  runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x36', '-frames:v', '1', '-c:v', 'png', '-f', 'image2', join(project, 'still.pngx')]);
  db = openDatabase(join(tmp.dir, 'scan.db'));
  result = await analyzeProject(db, project, { cacheDir: join(tmp.dir, 'cache') });
}, 180_000);
afterAll(() => db?.close());

describe('project scan by probing', () => {
  it('analyses every video ffmpeg reads, whatever its extension', () => {
    const analysed = Object.fromEntries(result.videos.filter((v) => !v.error).map((v) => [basename(v.path), v.scenes.map((s) => s.startFrame)]));
    for (const name of ['theora.ogv', 'theora in ogg.ogg', 'dvd.vob', 'capture.asf', 'camera.flv', 'broadcast.ts', 'no extension', 'odd.bin2']) {
      expect(analysed[name], name).toEqual([0, 50]);
    }
  });

  it('lists every other file with the reason it was skipped', () => {
    const skipped = Object.fromEntries(result.skipped.map((s) => [basename(s.path), s.reason]));
    expect(skipped).toEqual({
      'music.ogg': 'no video stream (audio only)',
      'voice.wav': 'not a video file (.wav)',
      'notes.txt': 'not a video file (.txt)',
      'garbage.dat': 'no video stream',
      'still.pngx': 'a still image, not a video',
      'footage preview.mp4': 'a preview Cuefinder rendered, not footage',
    });
    expect(result.videos.filter((v) => v.error)).toEqual([]);
    expect(result.scanned, 'the videos counted are the videos listed').toBe(result.videos.length);
  });
});
