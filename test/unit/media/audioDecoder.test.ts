import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAudio } from '../../../src/main/engine/media/audioDecoder';
import { probeMedia } from '../../../src/main/engine/media/probe';
import { makeTempDir, runFfmpeg } from '../../helpers/fixtures';

const tmp = makeTempDir();
afterAll(tmp.cleanup);

describe('media layer', () => {
  it('probes and decodes a sine to mono float PCM in chunks at the requested rate', async () => {
    const path = join(tmp.dir, 'sine 440 ü.flac');
    runFfmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=3', '-ac', '2', path]);
    const probe = await probeMedia(path);
    expect(probe.audio?.sampleRate).toBe(44100);
    expect(probe.video).toBeUndefined();
    expect(probe.durationSec).toBeCloseTo(3, 1);

    const chunks: number[] = [];
    let zeroCrossings = 0;
    let prev = 0;
    const res = await decodeAudio(path, { sampleRate: 22050, chunkSamples: 4096 }, (c) => {
      chunks.push(c.length);
      for (const x of c) {
        if ((prev < 0 && x >= 0) || (prev >= 0 && x < 0)) zeroCrossings++;
        prev = x;
      }
    });
    expect(res.samples).toBeGreaterThan(22050 * 2.95);
    expect(res.samples).toBeLessThan(22050 * 3.05);
    expect(chunks.slice(0, -1).every((n) => n === 4096)).toBe(true);
    // 440 Hz crosses zero 880 times a second.
    expect(zeroCrossings / res.durationSec).toBeGreaterThan(870);
    expect(zeroCrossings / res.durationSec).toBeLessThan(890);
  });

  it('rejects a text file with a human reason naming the file', async () => {
    const path = join(tmp.dir, 'notes.mp3');
    writeFileSync(path, 'this is not audio\n'.repeat(100));
    await expect(decodeAudio(path, { sampleRate: 22050 }, () => {})).rejects.toThrow(/notes\.mp3: .*(invalid|not a readable)/i);
    await expect(probeMedia(path)).rejects.toThrow(/notes\.mp3/);
  });

  it('rejects an empty file and a missing file', async () => {
    const empty = join(tmp.dir, 'empty.wav');
    writeFileSync(empty, '');
    await expect(probeMedia(empty)).rejects.toThrow(/empty file/);
    await expect(probeMedia(join(tmp.dir, 'nope.wav'))).rejects.toThrow(/nope\.wav/);
  });

  it('stops decoding when cancelled', async () => {
    const path = join(tmp.dir, 'long.wav');
    runFfmpeg(['-f', 'lavfi', '-i', 'anoisesrc=d=600:r=22050', path]);
    const ctrl = new AbortController();
    let got = 0;
    const p = decodeAudio(path, { sampleRate: 22050, signal: ctrl.signal }, (c) => {
      got += c.length;
      if (got > 22050 * 10) ctrl.abort();
    });
    await expect(p).rejects.toThrow(/cancelled/);
    expect(got).toBeLessThan(22050 * 600);
  });
});
