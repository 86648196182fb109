import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/engine/db/database';
import { listTracks } from '../../../src/main/engine/db/trackRepository';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { indexLibrary } from '../../../src/main/engine/library/libraryIndexer';
import { parseFfmpegListing, probeMedia, ProbeFailure } from '../../../src/main/engine/media/probe';
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
    expect((await probeMedia(capture)).ffprobeFailure, 'this test needs a file ffprobe fails on').toBeDefined();
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
    await expect(probeMedia(garbage)).rejects.toBeInstanceOf(ProbeFailure);
  }, 60_000);
});

describe('ffmpeg’s own listing of the streams (the fallback where ffprobe fails)', () => {
  it('reads what ffprobe would from a video ffprobe crashes on: MPEG-TS H.264 at 29.97 with AAC', async () => {
    const capture = join(tmp.dir, 'broadcast.ts');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=30000/1001:d=3', '-f', 'lavfi', '-i', 'sine=d=3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-f', 'mpegts', capture]);
    const probe = await probeMedia(capture);
    expect(probe.ffprobeFailure, 'this test needs a file the bundled ffprobe fails on').toBeDefined();
    expect(probe.video).toMatchObject({ codec: 'h264', width: 320, height: 240, fpsNum: 30000, fpsDen: 1001, rotation: 0, pixFmt: 'yuv420p', bitsPerSample: 8 });
    expect(probe.audio).toMatchObject({ codec: 'aac', channels: 2 });
    expect(probe.durationSec).toBeGreaterThan(2.9);
    expect(probe.formatName).toBe('mpegts');
  });

  it('parses rotation, timecode, 10-bit, cover art and surround from a listing', () => {
    const listing = [
      "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'phone.mov':",
      '  Metadata:',
      '    comment         : shot on a phone',
      '  Duration: 00:01:02.50, start: 0.000000, bitrate: 9000 kb/s',
      '    Stream #0:0(und): Video: hevc (Main 10) (hvc1 / 0x31637668), yuv420p10le(tv, bt2020nc/bt2020/arib-std-b67), 3840x2160, 8000 kb/s, 23.98 fps, 23.98 tbr, 24k tbn (default)',
      '    Metadata:',
      '      timecode        : 01:00:00:00',
      '    Side data:',
      '      displaymatrix: rotation of -90.00 degrees',
      '    Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 48000 Hz, 5.1, fltp, 384 kb/s (default)',
      '    Stream #0:2: Video: mjpeg (Baseline), yuvj420p(pc, bt470bg/unknown/unknown), 600x600, 90k tbr, 90k tbn (attached pic)',
    ].join('\n');
    const probe = parseFfmpegListing('phone.mov', listing);
    expect(probe).toMatchObject({ formatName: 'mov,mp4,m4a,3gp,3g2,mj2', durationSec: 62.5, startTimecode: '01:00:00:00', tags: { comment: 'shot on a phone' } });
    expect(probe.video).toMatchObject({ codec: 'hevc', width: 3840, height: 2160, fpsNum: 24000, fpsDen: 1001, rotation: 270, pixFmt: 'yuv420p10le', bitsPerSample: 10 });
    expect(probe.audio).toEqual({ codec: 'aac', sampleRate: 48000, channels: 6 });
  });
});
