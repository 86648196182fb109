import { describe, expect, it } from 'vitest';
import {
  type FrameRate,
  RATES,
  formatFrameRate,
  framesPerDay,
  framesToSeconds,
  framesToTimecode,
  frameRate,
  nominalTimebase,
  parseFrameRate,
  rescaleFrames,
  sameRate,
  secondsToFrames,
  supportsDropFrame,
  timecodeToFrames,
} from '../../../src/shared/time';

const DF = { dropFrame: true };

describe('frame rates', () => {
  it('parses fractions, integers and the decimals editors type into exact fractions', () => {
    expect(parseFrameRate('30000/1001')).toEqual(RATES.fps29_97);
    expect(parseFrameRate('60000/1001')).toEqual(RATES.fps59_94);
    expect(parseFrameRate('25')).toEqual(RATES.fps25);
    expect(parseFrameRate('25/1')).toEqual(RATES.fps25);
    expect(parseFrameRate('50/2')).toEqual(RATES.fps25);
    expect(parseFrameRate(' 29.97 ')).toEqual(RATES.fps29_97);
    expect(parseFrameRate('23.976')).toEqual(RATES.fps23_976);
    expect(parseFrameRate('23.98')).toEqual(RATES.fps23_976);
    expect(parseFrameRate('59.94')).toEqual(RATES.fps59_94);
    expect(parseFrameRate('12.5')).toEqual({ num: 25, den: 2 });
    expect(parseFrameRate('24.0')).toEqual(RATES.fps24);
    expect(parseFrameRate('0.999')).toEqual({ num: 999, den: 1000 });
  });

  it('rejects what is not a rate, naming the input', () => {
    for (const bad of ['0/0', '0', '30/0', 'abc', '', '-25', '25fps']) {
      expect(() => parseFrameRate(bad), bad).toThrow(/frame rate/);
    }
    expect(() => frameRate(30, 0)).toThrow(/positive integers/);
    expect(() => frameRate(29.97)).toThrow(/positive integers/);
  });

  it('knows timebases, drop-frame capability and formatting', () => {
    expect(nominalTimebase(RATES.fps23_976)).toBe(24);
    expect(nominalTimebase(RATES.fps29_97)).toBe(30);
    expect(nominalTimebase(RATES.fps59_94)).toBe(60);
    expect(nominalTimebase(RATES.fps50)).toBe(50);
    expect(() => nominalTimebase({ num: 25, den: 2 })).toThrow(/no SMPTE timecode/);
    expect(supportsDropFrame(RATES.fps29_97)).toBe(true);
    expect(supportsDropFrame(RATES.fps59_94)).toBe(true);
    expect(supportsDropFrame(RATES.fps23_976)).toBe(false);
    expect(supportsDropFrame(RATES.fps30)).toBe(false);
    expect(formatFrameRate(RATES.fps29_97)).toBe('30000/1001');
    expect(formatFrameRate(RATES.fps25)).toBe('25');
    expect(sameRate({ num: 50, den: 2 }, RATES.fps25)).toBe(true);
  });
});

describe('frames and seconds', () => {
  it('converts without drift: one hour of 29.97 frames is 3603.6 s', () => {
    expect(framesToSeconds(108000, RATES.fps29_97)).toBeCloseTo(3603.6, 9);
    expect(framesToSeconds(1001, RATES.fps23_976)).toBeCloseTo(1001 / (24000 / 1001), 9);
  });

  it('rounds seconds to frames as asked, absorbing float noise', () => {
    // 4.004 s is exactly 120 frames at 29.97 although 4.004 * 30000 / 1001 evaluates to 119.99999999999999.
    expect(secondsToFrames(4.004, RATES.fps29_97, 'floor')).toBe(120);
    expect(secondsToFrames(4.004, RATES.fps29_97, 'ceil')).toBe(120);
    expect(secondsToFrames(0.5, RATES.fps25)).toBe(13);
    expect(secondsToFrames(0.5, RATES.fps25, 'floor')).toBe(12);
    expect(secondsToFrames(0.03, RATES.fps25, 'ceil')).toBe(1);
    expect(secondsToFrames(0.039, RATES.fps25, 'round')).toBe(1);
    expect(secondsToFrames(0.019, RATES.fps25, 'round')).toBe(0);
    for (let f = 0; f < 20000; f += 7) {
      expect(secondsToFrames(framesToSeconds(f, RATES.fps29_97), RATES.fps29_97, 'floor')).toBe(f);
      expect(secondsToFrames(framesToSeconds(f, RATES.fps23_976), RATES.fps23_976, 'ceil')).toBe(f);
    }
    expect(() => secondsToFrames(Number.NaN, RATES.fps25)).toThrow(/NaN/);
  });

  it('rescales between rates exactly', () => {
    expect(rescaleFrames(100, RATES.fps25, RATES.fps50)).toBe(200);
    expect(rescaleFrames(1001, RATES.fps30, RATES.fps29_97)).toBe(1000);
    expect(rescaleFrames(1000, RATES.fps29_97, RATES.fps30, 'floor')).toBe(1001);
    expect(rescaleFrames(24, RATES.fps24, RATES.fps23_976, 'floor')).toBe(23);
    expect(rescaleFrames(24, RATES.fps24, RATES.fps23_976, 'round')).toBe(24);
    expect(rescaleFrames(-3, RATES.fps25, RATES.fps50)).toBe(-6);
    expect(rescaleFrames(1, RATES.fps30, RATES.fps25, 'ceil')).toBe(1);
    expect(rescaleFrames(1, RATES.fps30, RATES.fps25, 'floor')).toBe(0);
  });
});

describe('SMPTE timecode', () => {
  const table: Array<[string, FrameRate, boolean, number, string]> = [
    ['23.976 (timebase 24, NDF)', RATES.fps23_976, false, 24 * 3600, '01:00:00:00'],
    ['23.976 last frame of a second', RATES.fps23_976, false, 23, '00:00:00:23'],
    ['24', RATES.fps24, false, 86399 * 24 + 23, '23:59:59:23'],
    ['25', RATES.fps25, false, 90000, '01:00:00:00'],
    ['25', RATES.fps25, false, 1499, '00:00:59:24'],
    ['29.97 NDF', RATES.fps29_97, false, 1800, '00:01:00:00'],
    ['29.97 DF', RATES.fps29_97, true, 1800, '00:01:00;02'],
    ['29.97 DF one hour', RATES.fps29_97, true, 107892, '01:00:00;00'],
    ['30', RATES.fps30, false, 108000, '01:00:00:00'],
    ['50', RATES.fps50, false, 180049, '01:00:00:49'],
    ['59.94 NDF', RATES.fps59_94, false, 3600, '00:01:00:00'],
    ['59.94 DF', RATES.fps59_94, true, 3600, '00:01:00;04'],
    ['59.94 DF ten minutes', RATES.fps59_94, true, 35964, '00:10:00;00'],
    ['60', RATES.fps60, false, 216000 - 1, '00:59:59:59'],
  ];
  for (const [label, rate, dropFrame, frames, tc] of table) {
    it(`${label}: frame ${frames} ↔ ${tc}`, () => {
      expect(framesToTimecode(frames, rate, { dropFrame })).toBe(tc);
      expect(timecodeToFrames(tc, rate, { dropFrame })).toBe(frames);
    });
  }

  it('29.97 drop-frame skips ;00 and ;01 at each minute except every tenth', () => {
    const r = RATES.fps29_97;
    expect(framesToTimecode(1799, r, DF)).toBe('00:00:59;29');
    expect(framesToTimecode(1800, r, DF)).toBe('00:01:00;02');
    expect(framesToTimecode(17981, r, DF)).toBe('00:09:59;29');
    expect(framesToTimecode(17982, r, DF)).toBe('00:10:00;00');
    expect(framesToTimecode(17983, r, DF)).toBe('00:10:00;01');
    expect(framesToTimecode(19781, r, DF)).toBe('00:10:59;29');
    expect(framesToTimecode(19782, r, DF)).toBe('00:11:00;02');
    expect(timecodeToFrames('00:01:00;02', r)).toBe(1800);
    expect(timecodeToFrames('00:10:00;00', r)).toBe(17982);
    expect(timecodeToFrames('23:59:59;29', r)).toBe(2589407);
  });

  it('59.94 drop-frame skips ;00–;03', () => {
    const r = RATES.fps59_94;
    expect(framesToTimecode(3599, r, DF)).toBe('00:00:59;59');
    expect(framesToTimecode(3600, r, DF)).toBe('00:01:00;04');
    expect(() => timecodeToFrames('00:01:00;03', r)).toThrow(/skips frames 00–03/);
    expect(timecodeToFrames('00:20:00;00', r)).toBe(2 * 35964);
  });

  it('round-trips every frame of a 24-hour 29.97 drop-frame day, never showing a skipped label', () => {
    const r = RATES.fps29_97;
    const day = framesPerDay(r, true);
    expect(day).toBe(2589408);
    let previous = '';
    let skippedShown = 0;
    let mismatches = 0;
    for (let f = 0; f < day; f++) {
      const tc = framesToTimecode(f, r, DF);
      if (timecodeToFrames(tc, r, DF) !== f) mismatches++;
      // Fixed-width labels sort like numbers: each frame's label is later than the last.
      if (tc <= previous) mismatches++;
      const mm = Number(tc.slice(3, 5));
      if (mm % 10 !== 0 && tc.slice(6) < '00;02') skippedShown++;
      previous = tc;
    }
    expect(mismatches).toBe(0);
    expect(skippedShown).toBe(0);
    expect(previous).toBe('23:59:59;29');
    expect(framesToTimecode(day, r, DF)).toBe('00:00:00;00');
  });

  it('drop-frame labels stay within 0.1 s of wall-clock time at every minute across 24 h', () => {
    for (const rate of [RATES.fps29_97, RATES.fps59_94]) {
      for (let minute = 0; minute < 1440; minute++) {
        const tc = `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:59;00`;
        const clockSeconds = minute * 60 + 59;
        expect(Math.abs(framesToSeconds(timecodeToFrames(tc, rate), rate) - clockSeconds)).toBeLessThan(0.1);
      }
    }
  });

  it('round-trips sampled frames at every rate, drop and non-drop', () => {
    const cases: Array<[FrameRate, boolean]> = [
      [RATES.fps23_976, false],
      [RATES.fps24, false],
      [RATES.fps25, false],
      [RATES.fps29_97, true],
      [RATES.fps29_97, false],
      [RATES.fps30, false],
      [RATES.fps50, false],
      [RATES.fps59_94, true],
      [RATES.fps59_94, false],
      [RATES.fps60, false],
    ];
    for (const [rate, dropFrame] of cases) {
      const day = framesPerDay(rate, dropFrame);
      for (let f = 0; f < day; f += 997) {
        expect(timecodeToFrames(framesToTimecode(f, rate, { dropFrame }), rate, { dropFrame })).toBe(f);
      }
    }
  });

  it('wraps at 24 hours like a tape clock', () => {
    expect(framesToTimecode(-1, RATES.fps25)).toBe('23:59:59:24');
    expect(framesToTimecode(25 * 86400 + 25, RATES.fps25)).toBe('00:00:01:00');
    expect(framesToTimecode(-1, RATES.fps29_97, DF)).toBe('23:59:59;29');
  });

  it('infers drop-frame from the separator and accepts the "." and "," variants', () => {
    expect(timecodeToFrames('00:01:00;02', RATES.fps29_97)).toBe(1800);
    expect(timecodeToFrames('00:01:00,02', RATES.fps29_97)).toBe(1800);
    expect(timecodeToFrames('00:01:00:02', RATES.fps29_97)).toBe(1802);
    expect(timecodeToFrames('00:01:00.02', RATES.fps29_97)).toBe(1802);
    expect(timecodeToFrames('00:01:00:02', RATES.fps29_97, DF)).toBe(1800);
  });

  it('rejects labels that cannot exist, saying why', () => {
    expect(() => timecodeToFrames('00:01:00;00', RATES.fps29_97)).toThrow(/skips frames 00–01/);
    expect(() => timecodeToFrames('00:01:00;01', RATES.fps29_97)).toThrow(/skips/);
    expect(timecodeToFrames('00:10:00;00', RATES.fps29_97)).toBe(17982);
    expect(() => timecodeToFrames('00:00:00:25', RATES.fps25)).toThrow(/out of range.*00–24/);
    expect(() => timecodeToFrames('00:00:00:24', RATES.fps23_976)).toThrow(/out of range/);
    expect(() => timecodeToFrames('00:60:00:00', RATES.fps25)).toThrow(/out of range/);
    expect(() => timecodeToFrames('24:00:00:00', RATES.fps25)).toThrow(/out of range/);
    expect(() => timecodeToFrames('1:2:3:4', RATES.fps25)).toThrow(/HH:MM:SS:FF/);
    expect(() => timecodeToFrames('00:00:00;00', RATES.fps25)).toThrow(/drop-frame timecode does not exist at 25/);
    expect(() => framesToTimecode(10, RATES.fps23_976, DF)).toThrow(/only 29.97 and 59.94/);
    expect(() => framesToTimecode(1.5, RATES.fps25)).toThrow(/integer/);
  });
});
