import type { Db } from '../db/database';
import type { StoredScene, StoredVideo } from '../db/projectRepository';
import { saveRating } from '../db/suggestionRepository';
import { segmentsOfTrack } from '../db/trackRepository';

export interface SceneRating {
  scene: StoredScene;
  video: StoredVideo;
  /** featureVersion: the version its segments were analysed at (with any embedding model). */
  track: { id: number; path: string; featureVersion: string };
  inSec: number;
  outSec: number;
  /** 1–5 (the paper's scale). */
  score: number;
  /** The segment the rated section starts in, when the caller knows it (a suggestion does). */
  segmentId?: number;
}

/**
 * Stores the editor's rating of a scene–track pair as a self-contained labelled pair: the scene's
 * features and those of the track segment the rated section starts in, with their versions.
 * Returns the rating id, or undefined when the track has no analysed segments.
 */
export function recordSceneRating(db: Db, r: SceneRating): number | undefined {
  const segments = segmentsOfTrack(db, r.track.id);
  const segment =
    segments.find((g) => g.id === r.segmentId) ?? [...segments].reverse().find((g) => g.startSec <= r.inSec) ?? segments[0];
  if (!segment) return undefined;
  return saveRating(db, {
    sceneId: r.scene.id,
    trackId: r.track.id,
    videoPath: r.video.path,
    startFrame: r.scene.startFrame,
    endFrame: r.scene.endFrame,
    trackPath: r.track.path,
    inSec: r.inSec,
    outSec: r.outSec,
    score: r.score,
    videoFeatures: r.scene.features,
    audioFeatures: segment.features,
    videoFeatureVersion: r.video.featureVersion,
    audioFeatureVersion: r.track.featureVersion,
  });
}
