import type { Db } from '../../../src/main/engine/db/database';
import { saveVideoAnalysis } from '../../../src/main/engine/db/projectRepository';
import { saveTrackAnalysis } from '../../../src/main/engine/db/trackRepository';

/**
 * Rows as an index and an analysis would store them, written straight into a database so that a
 * test can build states (odd frame rates, old bad decisions) that are slow or impossible to make
 * through the pipeline.
 */

export function seedTrack(db: Db, path: string, durationSec = 60): number {
  const features = new Float32Array(4).fill(0.5);
  return saveTrackAnalysis(
    db,
    { path, root: path.slice(0, path.lastIndexOf('/')), fingerprint: `fp-${path}`, size: 1000, mtimeMs: 1 },
    { title: path.split('/').pop() },
    {
      durationSec,
      bpm: 120,
      tempoConfidence: 0.9,
      key: { tonic: 0, mode: 'major', name: 'C', clarity: 0.5 },
      beats: [0.5, 1],
      downbeats: [0.5],
      features,
      featureVersion: 'test-audio',
      segments: [
        { startSec: 0, endSec: durationSec / 2, features },
        { startSec: durationSec / 2, endSec: durationSec, features },
      ],
    },
  );
}

/** A video under `root` at fpsNum/fpsDen whose scenes end at the given frames (the first starts at 0). */
export function seedVideo(db: Db, root: string, name: string, fps: [number, number], sceneEnds: number[]): { videoId: number; sceneIds: number[] } {
  const path = `${root}/${name}`;
  const rate = fps[0] / fps[1];
  const frames = sceneEnds.at(-1)!;
  const videoId = saveVideoAnalysis(
    db,
    { path, root, fingerprint: `fp-${path}`, size: 1000, mtimeMs: 1 },
    { durationSec: frames / rate, fpsNum: fps[0], fpsDen: fps[1], width: 320, height: 180, rotation: 0, hasAudio: false, frames, detectorVersion: 'test', featureVersion: 'test-video', analysisOptions: '' },
    sceneEnds.map((end, index) => {
      const start = index ? sceneEnds[index - 1] : 0;
      return { index, startFrame: start, endFrame: end, startSec: start / rate, endSec: end / rate, transitionIn: 'cut', keyframe: start, features: new Float32Array(4) };
    }),
  );
  const sceneIds = (db.prepare('SELECT id FROM scenes WHERE video_id = ? ORDER BY idx').all(videoId) as { id: number }[]).map((r) => r.id);
  return { videoId, sceneIds };
}
