import { describe, expect, it } from 'vitest';
import { explainFfmpegFailure } from '../../../src/main/engine/media/mediaError';

const BANNER = `ffprobe version N-66595-gc2b38619c0-static https://johnvansickle.com/ffmpeg/  Copyright (c) 2007-2023 the FFmpeg developers
  built with gcc 8 (Debian 8.3.0-6)
  configuration: --enable-gpl --enable-version3 --enable-static
  libavutil      58. 14.100 / 58. 14.100
  libavcodec     60. 22.100 / 60. 22.100
  libswresample   4. 11.100 /  4. 11.100
  libpostproc    57.  2.100 / 57.  2.100
`;

/** Attack finding 9: a crash of the bundled ffprobe was reported as "libpostproc 57…", its banner's last line. */
describe('ffmpeg failure reasons', () => {
  it('never report the version banner as the reason', () => {
    expect(explainFfmpegFailure(BANNER, 'ffprobe could not read the file')).toBe('ffprobe could not read the file');
  });

  it('say that the program crashed, with the signal', () => {
    expect(explainFfmpegFailure(`ffprobe was killed with signal SIGSEGV\n${BANNER}`, 'ffprobe could not read the file')).toBe('ffprobe could not read the file: it crashed (SIGSEGV)');
  });

  it('keep the last real message', () => {
    expect(explainFfmpegFailure(`${BANNER}[ogg @ 0x1] Broken file\n`, 'ffprobe could not read the file')).toBe('ffprobe could not read the file: [ogg @ 0x1] Broken file');
  });
});
