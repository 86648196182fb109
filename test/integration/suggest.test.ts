import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemoLibrary, generateDemoProject, type DemoVideo } from '../../src/main/engine/data/demoData';
import { parseEdl } from '../../src/main/engine/export/edlParser';
import { runCli, runCliJson } from '../helpers/cli';
import { makeTempDir } from '../helpers/fixtures';

interface SuggestJson {
  model: { version: string };
  scenes: {
    sceneId: number;
    video: string;
    index: number;
    startSec: number;
    endSec: number;
    affect: Record<string, number>;
    suggestions: { trackId: number; path: string; title: string; score: number; inSec: number; outSec: number; continuesFromPrevious: boolean; agree: string[]; clash: string[] }[];
  }[];
}

const tmp = makeTempDir();
const library = join(tmp.dir, 'library');
const db = join(tmp.dir, 'suggest.db');
const trackMood = new Map<string, string>();
const projects: { dir: string; videos: DemoVideo[] }[] = [];

beforeAll(async () => {
  const lib = await generateDemoLibrary(library, { tracks: 16, seed: 11, trackSec: 40 });
  for (const t of lib.tracks) trackMood.set(t.path, t.mood);
  for (const seed of [21, 22, 23]) {
    const dir = join(tmp.dir, `project-${seed}`);
    projects.push({ dir, ...(await generateDemoProject(dir, { seed, totalSec: 40 })) });
  }
}, 600_000);
afterAll(tmp.cleanup);

let results: SuggestJson[] = [];

describe('cuefinder suggest', () => {
  beforeAll(() => {
    results = projects.map((p, i) => runCliJson<SuggestJson>(['suggest', p.dir, ...(i === 0 ? ['--library', library] : []), '--db', db, '--top', '5']));
  }, 600_000);

  it('suggests, per scene, tracks whose mood matches far more often than chance', () => {
    let hits = 0;
    let scenes = 0;
    let chance = 0;
    const moodsInLibrary = [...trackMood.values()];
    projects.forEach((p, i) => {
      for (const s of results[i].scenes) {
        const truth = p.videos.find((v) => v.path === s.video)!.scenes[s.index];
        expect(truth, `scene ${s.index} of ${s.video} matches a generated scene`).toBeDefined();
        const top = s.suggestions[0];
        scenes++;
        if (trackMood.get(top.path) === truth.mood) hits++;
        chance += moodsInLibrary.filter((m) => m === truth.mood).length / moodsInLibrary.length;
      }
    });
    const rate = hits / scenes;
    const chanceRate = chance / scenes;
    console.log(`top suggestion shares the scene's mood: ${hits}/${scenes} = ${(rate * 100).toFixed(0)}% (chance ${(chanceRate * 100).toFixed(0)}%)`);
    expect(scenes).toBeGreaterThanOrEqual(18);
    expect(rate).toBeGreaterThan(3 * chanceRate);
  });

  it('follows the contract: sorted, no repeated track per scene, sections inside the track, explanations', () => {
    for (const r of results) {
      expect(r.model.version).toMatch(/^afclnet-/);
      for (const s of r.scenes) {
        expect(Object.keys(s.affect)).toHaveLength(16);
        expect(s.suggestions.length).toBeGreaterThan(0);
        expect(new Set(s.suggestions.map((g) => g.trackId)).size).toBe(s.suggestions.length);
        for (const g of s.suggestions) {
          expect(g.score).toBeGreaterThanOrEqual(1);
          expect(g.score).toBeLessThanOrEqual(5);
          expect(g.outSec).toBeGreaterThan(g.inSec);
          expect(g.outSec - g.inSec).toBeLessThanOrEqual(s.endSec - s.startSec + 1e-3);
          expect(g.agree.length + g.clash.length).toBeGreaterThan(0);
        }
      }
    }
  });

  it('exports an EDL whose record timecodes follow the scenes to the frame and whose music matches the top suggestions', () => {
    const p = projects[0];
    const res = runCli(['export', p.dir, '--format', 'edl', '--db', db]);
    expect(res.status).toBe(0);
    const edl = parseEdl(res.stdout, { rate: { num: 25, den: 1 } });
    const lastLine = (e: (typeof edl.events)[number]) => e.lines[e.lines.length - 1];
    const picture = edl.events.filter((e) => lastLine(e).channel === 'V').map(lastLine);
    const scenes = results[0].scenes;
    expect(picture).toHaveLength(scenes.length);
    for (let i = 1; i < picture.length; i++) expect(picture[i].frames!.recordIn).toBe(picture[i - 1].frames!.recordOut);
    picture.forEach((l, i) => expect(l.frames!.recordOut - l.frames!.recordIn).toBe(Math.round((scenes[i].endSec - scenes[i].startSec) * 25)));
    const music = edl.events.filter((e) => lastLine(e).channel !== 'V');
    const clipNames = music.map((e) => e.fromClipName ?? e.toClipName);
    const firstTop = scenes[0].suggestions[0];
    expect(clipNames.some((n) => n && firstTop.path.endsWith(n))).toBe(true);
    for (const fmt of ['otio', 'fcpxml']) {
      const out = runCli(['export', p.dir, '--format', fmt, '--db', db]);
      expect(out.status).toBe(0);
      expect(out.stdout.length).toBeGreaterThan(200);
    }
    const otio = JSON.parse(runCli(['export', p.dir, '--format', 'otio', '--db', db]).stdout);
    expect(otio.OTIO_SCHEMA).toBe('Timeline.1');
  });

  it('stores a rating and an accepted track, and export then uses the accepted one', () => {
    const p = projects[1];
    const scene = results[1].scenes[0];
    const pick = scene.suggestions[scene.suggestions.length - 1];
    const rated = runCliJson<{ ratingId: number; accepted: boolean }>(['rate', '--scene', String(scene.sceneId), '--track', String(pick.trackId), '--score', '5', '--in', String(pick.inSec), '--accept', '--db', db]);
    expect(rated.accepted).toBe(true);
    const edl = parseEdl(runCli(['export', p.dir, '--format', 'edl', '--db', db]).stdout);
    const firstMusic = edl.events.find((e) => e.lines[e.lines.length - 1].channel !== 'V')!;
    expect(pick.path.endsWith(firstMusic.fromClipName ?? firstMusic.toClipName ?? '')).toBe(true);
    const bad = runCli(['rate', '--scene', String(scene.sceneId), '--track', String(pick.trackId), '--score', '7', '--db', db]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/A rating is a whole number from 1 \(clashing\) to 5 \(perfect\), not 7\./);
  });
});

describe('fine-tuning on ratings', () => {
  it('fine-tunes the model on stored ratings and the result scores suggestions', () => {
    // A few more ratings across scenes so something can be held out.
    const scenes = results.flatMap((r) => r.scenes);
    scenes.slice(0, 12).forEach((s, i) => {
      const g = s.suggestions[i % s.suggestions.length];
      const res = runCli(['rate', '--scene', String(s.sceneId), '--track', String(g.trackId), '--score', String(1 + (i % 5)), '--in', String(g.inSec), '--db', db]);
      expect(res.status, res.stderr + ' in=' + g.inSec + ' out=' + g.outSec).toBe(0);
    });
    const out = join(tmp.dir, 'fine-tuned');
    const ft = runCliJson<{ modelVersion: string; trainPairs: number; valPairs: number }>(['train', '--from-ratings', '--db', db, '--out', out]);
    expect(ft.modelVersion).toMatch(/\+ft\d+$/);
    expect(ft.trainPairs + ft.valPairs).toBeGreaterThanOrEqual(12);
    const again = runCliJson<SuggestJson>(['suggest', projects[2].dir, '--db', db, '--model', out]);
    expect(again.model.version).toBe(ft.modelVersion);
    expect(again.scenes[0].suggestions.length).toBeGreaterThan(0);
  });
});

describe('suggest on bad or empty input', () => {
  it('reports a corrupt library file and a corrupt video, and suggests for the rest', () => {
    const lib = join(tmp.dir, 'lib-with-bad');
    const proj = join(tmp.dir, 'proj-with-bad');
    mkdirSync(lib);
    mkdirSync(proj);
    const someTrack = [...trackMood.keys()][0];
    copyFileSync(someTrack, join(lib, 'good.mp3'));
    writeFileSync(join(lib, 'broken.mp3'), readFileSync(someTrack).subarray(0, 200));
    copyFileSync(projects[0].videos[0].path, join(proj, 'good.mp4'));
    writeFileSync(join(proj, 'broken.mp4'), 'garbage'.repeat(50));
    const res = runCli(['suggest', proj, '--library', lib, '--db', join(tmp.dir, 'bad.db')]);
    expect(res.status).toBe(0);
    expect(res.stderr).toMatch(/broken\.mp3: /);
    expect(res.stderr).toMatch(/broken\.mp4: /);
    expect(res.stdout).toMatch(/scene 1/);
  });

  it('explains an empty library and an empty project without crashing', () => {
    const emptyLib = join(tmp.dir, 'empty-lib');
    const emptyProj = join(tmp.dir, 'empty-proj');
    mkdirSync(emptyLib);
    mkdirSync(emptyProj);
    const noMusic = runCli(['suggest', projects[0].dir, '--library', emptyLib, '--db', join(tmp.dir, 'empty.db')]);
    expect(noMusic.status).toBe(0);
    expect(noMusic.stderr).toMatch(/library has no indexed tracks/);
    const noVideo = runCli(['suggest', emptyProj, '--library', emptyLib, '--db', join(tmp.dir, 'empty.db')]);
    expect(noVideo.status).toBe(0);
    expect(noVideo.stderr).toMatch(/no analysed scenes/);
    const missing = runCli(['suggest', join(tmp.dir, 'nope'), '--db', join(tmp.dir, 'empty.db')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/project folder .*nope.*not found/);
  });
});
