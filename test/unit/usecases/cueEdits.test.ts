import Database from 'better-sqlite3';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replaceSuggestions } from '../../../src/main/engine/db/suggestionRepository';
import { parseEdl } from '../../../src/main/engine/export/edlParser';
import { openContext, type OpenedContext } from '../../../src/main/usecases/context';
import { acceptTrackForCue, cueSuggestions, joinCue, listCues, splitCue } from '../../../src/main/usecases/cues';
import { acceptTrack } from '../../../src/main/usecases/decisions';
import { exportCut } from '../../../src/main/usecases/exportCut';
import { makeTempDir } from '../../helpers/fixtures';
import { seedTrack, seedVideo } from './seed';

/**
 * The editor's cue splits and joins: stored in the database file (cue_edits), by the video's content
 * and the first frame of the scene, so that they hold when the video is analysed again and its scenes
 * get new ids; and one track accepted for a whole cue, which the export lays as one music clip.
 */

const tmp = makeTempDir('cuefinder-cues-');
const root = join(tmp.dir, 'footage');
const dbPath = join(tmp.dir, 'c.db');
mkdirSync(root);
writeFileSync(join(root, 'take.mp4'), '');
afterAll(tmp.cleanup);

function withDb<T>(work: (ctx: OpenedContext) => T): T {
  const ctx = openContext(dbPath);
  try {
    return work(ctx);
  } finally {
    ctx.close();
  }
}

/** The cues as the first frames of their scenes (what survives re-analysis). */
const layout = (ctx: OpenedContext): number[][] => {
  const frames = new Map<number, number>((ctx.db.prepare('SELECT id, start_frame AS f FROM scenes').all() as { id: number; f: number }[]).map((r) => [r.id, r.f]));
  return listCues(ctx, { projectDir: root }).map((c) => c.sceneIds.map((id) => frames.get(id)!));
};

describe('cue edits', () => {
  it('split a cue at a scene, kept in the database file and after the video is analysed again', () => {
    // Scenes of 4, 2, 2 and 2 s at 25 fps: one cue (under the 12 s minimum).
    const { sceneIds } = withDb((ctx) => seedVideo(ctx.db, root, 'take.mp4', [25, 1], [100, 150, 200, 250]));
    expect(withDb(layout)).toEqual([[0, 100, 150, 200]]);
    const after = withDb((ctx) => splitCue(ctx, { sceneId: sceneIds[2], projectDir: root }));
    expect(after.map((c) => c.sceneIds)).toEqual([sceneIds.slice(0, 2), sceneIds.slice(2)]);
    expect(after[1].edited).toBe(true);

    const raw = new Database(dbPath, { readonly: true });
    expect(raw.prepare('SELECT fingerprint, frame, kind FROM cue_edits').all()).toEqual([{ fingerprint: `fp-${join(root, 'take.mp4')}`, frame: 150, kind: 'break' }]);
    raw.close();

    // Analysed again with a new cut at 2 s: new scene ids, the cue still starts at frame 150.
    withDb((ctx) => seedVideo(ctx.db, root, 'take.mp4', [25, 1], [50, 100, 150, 200, 250]));
    expect(withDb(layout)).toEqual([
      [0, 50, 100],
      [150, 200],
    ]);
  });

  it('join the cue back (the edit is taken away, the plan stands again), and refuse what cannot be split or joined', () => {
    withDb((ctx) => {
      const cues = listCues(ctx, { projectDir: root });
      const joined = joinCue(ctx, { sceneId: cues[1].sceneIds[1], projectDir: root });
      expect(joined).toHaveLength(1);
      expect(ctx.db.prepare('SELECT COUNT(*) AS n FROM cue_edits').get()).toEqual({ n: 0 });
      expect(() => joinCue(ctx, { sceneId: joined[0].sceneIds[2], projectDir: root })).toThrow(/Cue 1 starts the cut/);
      expect(() => splitCue(ctx, { sceneId: joined[0].sceneIds[0], projectDir: root })).toThrow(/first scene of the cut/);
      // Joining a cue the planner would start: stored as 'no-break'.
      splitCue(ctx, { sceneId: joined[0].sceneIds[3], projectDir: root });
      expect(() => splitCue(ctx, { sceneId: joined[0].sceneIds[3], projectDir: root })).toThrow(/already starts at scene 4/);
      joinCue(ctx, { sceneId: joined[0].sceneIds[3], projectDir: root });
      expect(listCues(ctx, { projectDir: root })).toHaveLength(1);
    });
  });

  it('accept a track for a whole cue: every scene gets the next stretch of it, and the EDL lays one music clip across the cue', () => {
    withDb((ctx) => {
      const trackId = seedTrack(ctx.db, join(tmp.dir, 'music', 'long.wav'), 60);
      const other = seedTrack(ctx.db, join(tmp.dir, 'music', 'other.wav'), 60);
      const segment = (id: number): number => (ctx.db.prepare('SELECT id FROM segments WHERE track_id = ? LIMIT 1').get(id) as { id: number }).id;
      const [cue] = listCues(ctx, { projectDir: root });
      cue.sceneIds.forEach((sceneId, i) =>
        replaceSuggestions(ctx.db, sceneId, [
          { rank: 0, trackId: i === 0 ? trackId : other, segmentId: segment(i === 0 ? trackId : other), score: 4, inSec: 10, outSec: 12, continuesFromPrevious: false, agree: [], clash: [], modelVersion: 't' },
          { rank: 1, trackId: i === 0 ? other : trackId, segmentId: segment(i === 0 ? other : trackId), score: 3.5, inSec: 10, outSec: 12, continuesFromPrevious: false, agree: [], clash: [], modelVersion: 't' },
        ]),
      );
      const ranked = cueSuggestions(ctx, { sceneId: cue.sceneIds[1], projectDir: root });
      // The first scene (2 s) prefers `long`, the four after it `other`.
      expect(ranked.suggestions.map((s) => s.track.id)).toEqual([other, trackId]);
      const accepted = acceptTrackForCue(ctx, { sceneId: cue.sceneIds[1], trackId, projectDir: root });
      expect(accepted.cue.accepted).toMatchObject({ trackId, scenes: 5 });
      const sections = accepted.scenes.map((s) => s.accepted && [s.accepted.inSec, s.accepted.outSec]);
      expect(sections).toEqual([
        [10, 12],
        [12, 14],
        [14, 16],
        [16, 18],
        [18, 20],
      ]);
      const edl = parseEdl(exportCut(ctx, { projectDir: root, format: 'edl', fillUnreviewed: false }).text, { rate: { num: 25, den: 1 } });
      const music = edl.events.flatMap((e) => e.lines.filter((l) => l.channel === 'A2'));
      expect(music, 'one music clip carries the cue').toHaveLength(1);
      expect(music[0].timecodes.sourceIn).toBe('00:00:10:00');
      expect(music[0].timecodes.recordOut).toBe('01:00:10:00');
    });
  });

  it('undo of a cue accept puts every scene back as it was, running on from the scene before: one music clip again', () => {
    withDb((ctx) => {
      const [cue] = listCues(ctx, { projectDir: root });
      const musicClips = (): number =>
        parseEdl(exportCut(ctx, { projectDir: root, format: 'edl', fillUnreviewed: false }).text, { rate: { num: 25, den: 1 } }).events.flatMap((e) => e.lines.filter((l) => l.channel === 'A2')).length;
      const before = cueSuggestions(ctx, { sceneId: cue.sceneIds[0], projectDir: root });
      expect(before.scenes.map((s) => s.accepted?.continuesFromPrevious)).toEqual([false, true, true, true, true]);
      expect(musicClips()).toBe(1);
      const other = before.suggestions.find((s) => s.track.id !== before.scenes[0].accepted!.trackId)!.track.id;
      acceptTrackForCue(ctx, { sceneId: cue.sceneIds[0], trackId: other, projectDir: root });
      // What the app's undo does: each scene's section back through setSection (acceptTrack), its flag with it.
      for (const { sceneId, accepted } of before.scenes) acceptTrack(ctx, { sceneId, projectDir: root, ...accepted! });
      const after = cueSuggestions(ctx, { sceneId: cue.sceneIds[0], projectDir: root });
      expect(after.scenes).toEqual(before.scenes);
      expect(musicClips(), 'the cue is one clip again, not one per scene').toBe(1);
      expect(() => acceptTrack(ctx, { sceneId: cue.sceneIds[1], projectDir: root, ...before.scenes[1].accepted!, continuesFromPrevious: 'yes' })).toThrow(
        'continuesFromPrevious must be true or false (got "yes").',
      );
    });
  });
});
