import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../../src/main/engine/db/database';
import { getTrack, listTracks } from '../../../src/main/engine/db/trackRepository';
import { inProcessExecutor } from '../../../src/main/engine/library/analysisExecutor';
import { indexLibrary } from '../../../src/main/engine/library/libraryIndexer';
import { parseFfmpegListing, probeMedia, ProbeFailure } from '../../../src/main/engine/media/probe';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

const tmp = makeTempDir('cuefinder-probe-fallback-');
afterAll(tmp.cleanup);

/**
 * Attack finding 9: files ffprobe rejects but ffmpeg decodes (an Ogg page with a negative granule
 * position; here MPEG-TS audio, on which the bundled ffprobe crashes) were refused instead of read.
 * Music is now read from ffmpeg's own listing of the streams, in the decoding run: ffprobe is not asked.
 */
describe('a music file ffprobe cannot read', () => {
  it('is indexed from what ffmpeg decodes, with its codec and length; a file neither reads stays refused', async () => {
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
    expect(r.warnings).toEqual([]);
    const [track] = listTracks(db);
    expect(track.path).toBe(capture);
    expect(getTrack(db, track.id)?.codec).toBe('mp2');
    expect(track.durationSec).toBeGreaterThan(5.5);
    expect(r.failed).toBe(1);
    await expect(probeMedia(garbage)).rejects.toBeInstanceOf(ProbeFailure);
  }, 60_000);
});

describe('what the music folder holds besides music', () => {
  it('indexes an mp3 with cover art, and refuses a video (with or without sound) naming why, before analysing it', async () => {
    const dir = join(tmp.dir, 'mixed');
    mkdirSync(dir);
    const cover = join(tmp.dir, 'cover.png');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=64x64:d=1', '-frames:v', '1', cover]);
    const withArt = join(dir, 'song with art.mp3');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=frequency=330:duration=4', '-i', cover, '-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-c:v', 'png', '-disposition:v', 'attached_pic', withArt]);
    const musicVideo = join(dir, 'music video.m4a');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=4', '-f', 'lavfi', '-i', 'sine=d=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'mp4', musicVideo]);
    const silentVideo = join(dir, 'silent clip.m4a');
    runFfmpeg(['-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=4', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-f', 'mp4', silentVideo]);

    const db = openDatabase(':memory:');
    const r = await indexLibrary(db, dir, { executor: inProcessExecutor() });
    expect(listTracks(db).map((t) => [t.path, getTrack(db, t.id)?.codec])).toEqual([[withArt, 'mp3']]);
    const reasons = Object.fromEntries(r.failures.map((f) => [f.path, f.reason]));
    expect(reasons[musicVideo]).toMatch(/has a picture stream: a video, not indexed as music/);
    expect(reasons[silentVideo]).toMatch(/video file without an audio stream/);
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

  it('takes an ID3 picture the bundled ffmpeg lists without "(attached pic)" for cover art, and a motion JPEG video for video', () => {
    const song = parseFfmpegListing('song.mp3', [
      "Input #0, mp3, from 'song.mp3':",
      '  Duration: 00:00:04.05, start: 0.025056, bitrate: 67 kb/s',
      '    Stream #0:0: Audio: mp3, 44100 Hz, mono, fltp, 64 kb/s',
      '    Stream #0:1: Video: png, rgb24(pc), 64x64 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn, 90k tbc',
    ].join('\n'));
    expect(song.audio?.codec).toBe('mp3');
    expect(song.video).toBeUndefined();
    const clip = parseFfmpegListing('clip.mkv', [
      "Input #0, matroska,webm, from 'clip.mkv':",
      '  Duration: 00:00:03.00, start: 0.000000, bitrate: 9000 kb/s',
      '    Stream #0:0: Video: mjpeg (Baseline), yuvj422p(pc, bt470bg/unknown/unknown), 640x480, 30 fps, 30 tbr, 1k tbn, 1k tbc (default)',
      '    Stream #0:1: Audio: pcm_s16le, 48000 Hz, stereo, s16, 1536 kb/s',
    ].join('\n'));
    expect(clip.video).toMatchObject({ codec: 'mjpeg', width: 640, height: 480 });
  });
});
