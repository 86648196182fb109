import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../src/main/engine/db/database';
import { saveVideoAnalysis, scenesOfVideo, type SceneRecord } from '../../../src/main/engine/db/projectRepository';
import { acceptSuggestion, decisionForScene, rejectTrack, rejectedTracks } from '../../../src/main/engine/db/suggestionRepository';
import { saveTrackAnalysis } from '../../../src/main/engine/db/trackRepository';
import { makeTempDir } from '../../helpers/fixtures';

/**
 * Re-analysing a video (a new detector version, other options, a changed file) replaces its scenes;
 * what the editor accepted or rejected must follow the scenes that are the same scene re-cut.
 */

const tmp = makeTempDir('cuefinder-reanalysis-');
afterAll(tmp.cleanup);

let db: Db;
let run = 0;
const trackIds: number[] = [];
const file = { path: '/footage/a.mp4', root: '/footage', fingerprint: 'f1', size: 1, mtimeMs: 1 };
const video = { durationSec: 12, fpsNum: 25, fpsDen: 1, width: 640, height: 360, rotation: 0, hasAudio: false, frames: 300, detectorVersion: 'd', featureVersion: 'v', analysisOptions: '{}' };

function cutAt(...bounds: number[]): SceneRecord[] {
  const edges = [0, ...bounds, 300];
  return edges.slice(1).map((end, index) => ({
    index,
    startFrame: edges[index],
    endFrame: end,
    startSec: edges[index] / 25,
    endSec: end / 25,
    transitionIn: index ? 'cut' : 'start',
    keyframe: edges[index],
    features: new Float32Array(4),
  }));
}

function analyse(scenes: SceneRecord[]): { id: number; startFrame: number; endFrame: number }[] {
  const videoId = saveVideoAnalysis(db, file, video, scenes);
  return scenesOfVideo(db, videoId).map((s) => ({ id: s.id, startFrame: s.startFrame, endFrame: s.endFrame }));
}

beforeEach(() => {
  db = openDatabase(join(tmp.dir, `reanalysis-${++run}.db`));
  trackIds.length = 0;
  for (const name of ['one', 'two', 'three']) {
    trackIds.push(
      saveTrackAnalysis(
        db,
        { path: `/music/${name}.mp3`, root: '/music', fingerprint: name, size: 1, mtimeMs: 1 },
        { title: name },
        { durationSec: 60, bpm: 120, tempoConfidence: 1, key: { tonic: 0, mode: 'major', name: 'C major', clarity: 1 }, beats: [], downbeats: [], features: new Float32Array(4), featureVersion: 'a', segments: [{ startSec: 0, endSec: 10, features: new Float32Array(4) }] },
      ),
    );
  }
});

describe('re-analysis keeps the editor’s choices', () => {
  it('moves an accepted track and the rejected ones to the scene that is the same scene re-cut', () => {
    const before = analyse(cutAt(100, 200));
    acceptSuggestion(db, { sceneId: before[1].id, trackId: trackIds[0], inSec: 12, outSec: 16, continuesFromPrevious: false });
    rejectTrack(db, before[1].id, trackIds[1]);
    rejectTrack(db, before[2].id, trackIds[2]);

    // A boundary moves by a few frames, as a new detector version may do.
    const after = analyse(cutAt(97, 203));
    expect(decisionForScene(db, after[1].id)).toMatchObject({ trackId: trackIds[0], inSec: 12, outSec: 16 });
    expect([...rejectedTracks(db, after[1].id)]).toEqual([trackIds[1]]);
    expect([...rejectedTracks(db, after[2].id)]).toEqual([trackIds[2]]);
    expect(decisionForScene(db, after[0].id)).toBeUndefined();
  });

  it('drops the choices of a scene that no longer exists as such, and gives a merged scene the closer one’s', () => {
    const before = analyse(cutAt(40, 250));
    acceptSuggestion(db, { sceneId: before[0].id, trackId: trackIds[0], inSec: 0, outSec: 2, continuesFromPrevious: false });
    acceptSuggestion(db, { sceneId: before[1].id, trackId: trackIds[1], inSec: 5, outSec: 13, continuesFromPrevious: false });

    // The first cut is gone: frames 0–250 are one scene. The old 40–250 scene is most of it
    // (overlap 0.84); the old 0–40 scene is too small a part of it (0.16) to be the same scene.
    const after = analyse(cutAt(250));
    expect(after).toHaveLength(2);
    expect(decisionForScene(db, after[0].id)).toMatchObject({ trackId: trackIds[1] });
    expect(decisionForScene(db, after[1].id)).toBeUndefined();
  });
});
