import Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../src/main/engine/model/tfBackend';
import { VIDEO_FEATURE_NAMES, VIDEO_FEATURE_VERSION } from '../../src/main/engine/video/videoAnalyzer';
import { runCli } from '../helpers/cli';
import { makeTempDir, runFfmpeg } from '../helpers/fixtures';
import { AUDIO_FEATURE_NAMES, AUDIO_FEATURE_VERSION } from '../../src/main/engine/audio/audioAnalyzer';
import { saveModel, tinyAudioModel, tinyFrameModel } from '../unit/embedding/tinyModels';

/**
 * The video embedding slot from the command line: CUEFINDER_VIDEO_EMBEDDING changes what `analyze`
 * stores (and its version), switching it off analyses again, a bad folder stops the command before
 * any work, and a model trained without the embedding is refused with the reason.
 */

const tmp = makeTempDir('cuefinder-slot-cli-');
const project = join(tmp.dir, 'project');
const library = join(tmp.dir, 'music');
const modelDir = join(tmp.dir, 'frame model');
const audioModelDir = join(tmp.dir, 'audio model');
const db = join(tmp.dir, 'slots.db');

interface VideoRow {
  feature_version: string;
  bytes: number;
}

function storedScenes(): VideoRow[] {
  const conn = new Database(db, { readonly: true });
  try {
    return conn
      .prepare('SELECT v.feature_version, length(s.features) AS bytes FROM scenes s JOIN videos v ON v.id = s.video_id ORDER BY s.id')
      .all() as VideoRow[];
  } finally {
    conn.close();
  }
}

beforeAll(async () => {
  mkdirSync(project);
  mkdirSync(library);
  mkdirSync(modelDir);
  mkdirSync(audioModelDir);
  await initTf();
  await saveModel(tinyFrameModel(), modelDir);
  await saveModel(tinyAudioModel(), audioModelDir);
  runFfmpeg([
    '-f', 'lavfi', '-t', '2', '-i', 'testsrc2=s=320x180:r=25', '-f', 'lavfi', '-t', '2', '-i', 'smptebars=s=320x180:r=25',
    '-filter_complex', '[0:v][1:v]concat=n=2:v=1:a=0[v]', '-map', '[v]', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
    join(project, 'shot.mp4'),
  ]);
  runFfmpeg(['-f', 'lavfi', '-i', 'sine=f=220:d=8', '-c:a', 'libmp3lame', join(library, 'tone.mp3')]);
}, 120_000);
afterAll(tmp.cleanup);

describe('CUEFINDER_VIDEO_EMBEDDING', () => {
  it('appends the embedding to every stored scene and versions it; switching it off analyses again', () => {
    const withModel = runCli(['analyze', project, '--db', db], { CUEFINDER_VIDEO_EMBEDDING: modelDir });
    expect(withModel.status, withModel.stderr).toBe(0);
    const embedded = storedScenes();
    expect(embedded.length).toBe(2);
    for (const row of embedded) {
      expect(row.feature_version).toMatch(new RegExp(`^${VIDEO_FEATURE_VERSION}\\+emb:[0-9a-f]{12}$`));
      expect(row.bytes).toBe(4 * (VIDEO_FEATURE_NAMES.length + 5));
    }

    const again = runCli(['analyze', project, '--db', db], { CUEFINDER_VIDEO_EMBEDDING: modelDir });
    expect(again.stderr).toContain('0 analysed, 1 unchanged');

    const without = runCli(['analyze', project, '--db', db], { CUEFINDER_VIDEO_EMBEDDING: '' });
    expect(without.status, without.stderr).toBe(0);
    expect(without.stderr).toContain('1 analysed');
    for (const row of storedScenes()) {
      expect(row.feature_version).toBe(VIDEO_FEATURE_VERSION);
      expect(row.bytes).toBe(4 * VIDEO_FEATURE_NAMES.length);
    }
  }, 120_000);

  it('a folder without a model stops the command with the folder and the reason, before any work', () => {
    const fresh = join(tmp.dir, 'untouched.db');
    const res = runCli(['analyze', project, '--db', fresh], { CUEFINDER_VIDEO_EMBEDDING: join(tmp.dir, 'no such model') });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/no such model.*model\.json.*not found/);
    expect(res.stderr).not.toContain('unexpected error');
    expect(existsSync(fresh)).toBe(false);
  });

  it('suggest refuses a model trained without the embedding, saying which features differ', () => {
    const res = runCli(['suggest', project, '--library', library, '--db', db], { CUEFINDER_VIDEO_EMBEDDING: modelDir });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/No matching model could be loaded from .*video "video-features\/1".*video "video-features\/1\+emb:[0-9a-f]{12}"/);
    expect(res.stderr).not.toContain('unexpected error');
  }, 120_000);
});

describe('CUEFINDER_AUDIO_EMBEDDING', () => {
  it('index workers load the model and store track and segment vectors with it, versioned', () => {
    const audioDb = join(tmp.dir, 'audio.db');
    const res = runCli(['index', library, '--db', audioDb], { CUEFINDER_AUDIO_EMBEDDING: audioModelDir });
    expect(res.status, res.stderr).toBe(0);
    const conn = new Database(audioDb, { readonly: true });
    try {
      const track = conn.prepare('SELECT feature_version AS version, length(features) AS bytes FROM tracks').get() as { version: string; bytes: number };
      expect(track.version).toMatch(new RegExp(`^${AUDIO_FEATURE_VERSION}\\+emb:[0-9a-f]{12}$`));
      expect(track.bytes).toBe(4 * (AUDIO_FEATURE_NAMES.length + 2 * 8));
      const segments = conn.prepare('SELECT length(features) AS bytes FROM segments').all() as { bytes: number }[];
      expect(segments.length).toBeGreaterThan(0);
      for (const s of segments) expect(s.bytes).toBe(4 * (AUDIO_FEATURE_NAMES.length + 2 * 8));
    } finally {
      conn.close();
    }
  }, 120_000);
});
