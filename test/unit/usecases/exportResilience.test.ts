import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/main/engine/db/database';
import { acceptSuggestion } from '../../../src/main/engine/db/suggestionRepository';
import { exportProject, projectTimeline } from '../../../src/main/engine/project/projectTimeline';
import { seedTrack, seedVideo } from './seed';

/**
 * Attack finding 1: one bad stored decision or one sub-frame scene made every later export of the
 * project fail. Export skips what it cannot place and says so; everything else is exported.
 */
describe('export of a project with bad stored state', () => {
  it('skips a decision whose section is not inside its track, exporting every other scene', () => {
    for (const [inSec, outSec] of [[-5, -3], [1e12, 1e12 + 2], [30, 20]]) {
      const db = openDatabase(':memory:');
      const trackId = seedTrack(db, '/music/a.wav', 60);
      const { sceneIds } = seedVideo(db, '/p', 'a.mp4', [25, 1], [50, 100]);
      // Written as an older Cuefinder (or a direct edit) could have: no check on the way in.
      acceptSuggestion(db, { sceneId: sceneIds[0], trackId, inSec, outSec, continuesFromPrevious: false });
      acceptSuggestion(db, { sceneId: sceneIds[1], trackId, inSec: 10, outSec: 12, continuesFromPrevious: false });
      const warnings: string[] = [];
      const timeline = projectTimeline(db, '/p', { onWarning: (w) => warnings.push(w) });
      expect(timeline.videoClips).toHaveLength(2);
      expect(timeline.musicClips.map((c) => c.sceneIndexes)).toEqual([[1]]);
      for (const format of ['edl', 'otio', 'fcpxml'] as const) expect(exportProject(db, '/p', format).length).toBeGreaterThan(0);
      expect(warnings.join('\n')).toMatch(/scene 1 of \/p\/a\.mp4.*section .* is not inside/);
      db.close();
    }
  });

  it('conforms a scene shorter than one frame at the timeline rate instead of failing (2 fps beside a one-frame 30 fps clip)', () => {
    const db = openDatabase(':memory:');
    seedVideo(db, '/p', 'a-slow.mp4', [2, 1], [4, 8]);
    seedVideo(db, '/p', 'b-one-frame.mp4', [30, 1], [1]);
    seedVideo(db, '/p', 'c.mp4', [30, 1], [60]);
    const warnings: string[] = [];
    const timeline = projectTimeline(db, '/p', { onWarning: (w) => warnings.push(w) });
    expect(timeline.rate).toEqual({ num: 2, den: 1 });
    expect(timeline.videoClips.map((c) => c.media.fileName)).toEqual(['a-slow.mp4', 'a-slow.mp4', 'c.mp4']);
    for (const format of ['edl', 'otio', 'fcpxml'] as const) expect(exportProject(db, '/p', format).length).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/b-one-frame\.mp4.*shorter than one frame at 2 fps/);
    db.close();
  });
});
