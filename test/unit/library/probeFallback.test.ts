import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/engine/db/database';
import { listTracks } from '../../../src/main/engine/db/trackRepository';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { indexLibrary } from '../../../src/main/engine/library/libraryIndexer';
import { probeMedia, ProbeFailure } from '../../../src/main/engine/media/probe';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-probe-fallback-');
afterAll(tmp.cleanup);

/**
 * Attack finding 9: files ffprobe rejects but ffmpeg decodes (an Ogg page with a negative granule
 * position; here MPEG-TS audio, on which the bundled ffprobe crashes) were refused instead of read.
 */
describe('a music file ffprobe cannot read', () => {
  it('is indexed from what ffmpeg decodes, with a warning that gives ffprobe’s reason; a file neither reads stays refused', async () => {
    const dir = join(tmp.dir, 'music');
    mkdirSync(dir);
    // A radio capture saved with the wrong extension: MPEG-TS holding MP2 audio, 6 s of a tone.
    const capture = join(dir, 'radio capture.mp3');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:duration=6', '-c:a', 'mp2', '-f', 'mpegts', capture]);
    await expect(probeMedia(capture), 'this test needs a file ffprobe fails on').rejects.toBeInstanceOf(ProbeFailure);
    const garbage = join(dir, 'garbage.mp3');
    writeFileSync(garbage, Buffer.alloc(4096, 7));

    const db = openDatabase(':memory:');
    const r = await indexLibrary(db, dir, { executor: inProcessExecutor() });
    expect(r.indexed).toBe(1);
    expect(r.warnings.map((w) => w.path)).toEqual([capture]);
    expect(r.warnings[0].reason).toMatch(/^ffprobe could not read it \(.+\); indexed from what ffmpeg decoded \(6\.\d s\)$/);
    const [track] = listTracks(db);
    expect(track.path).toBe(capture);
    expect(track.durationSec).toBeGreaterThan(5.5);
    expect(r.failed).toBe(1);
  }, 60_000);
});
