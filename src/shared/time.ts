/**
 * Rational time: positions are integer frames at a rate (OTIO's RationalTime idea), never
 * accumulated float seconds. This module is the one place that converts frames to seconds and
 * to SMPTE timecode, so 23.976 / 29.97 / 59.94 arithmetic stays exact everywhere else.
 *
 * Pure TypeScript: no node, electron or DOM imports.
 */

/** Frames per second as an exact fraction, always reduced (30000/1001, 25/1, 24000/1001). */
export interface FrameRate {
  readonly num: number;
  readonly den: number;
}

/**
 * Where a scene lies in its video: frames at the video's rate (end exclusive) and the same in
 * seconds. The one declaration the analyser, the database, the CLI's JSON and the contract extend.
 */
export interface SceneRange {
  /** 0-based position within its video. */
  readonly index: number;
  readonly startFrame: number;
  /** Exclusive. */
  readonly endFrame: number;
  readonly startSec: number;
  readonly endSec: number;
}

export type Rounding = 'floor' | 'round' | 'ceil';

export interface TimecodeOptions {
  /** SMPTE drop-frame labels (only 29.97 and 59.94). Parsing infers it from a ';' or ',' separator when omitted. */
  dropFrame?: boolean;
}

/** Tolerance (in frames) that absorbs float noise in seconds → frames, e.g. 4.004 s × 30000/1001 = 119.99999999999999. */
const FRAME_EPSILON = 1e-6;

export const RATES = {
  fps23_976: { num: 24000, den: 1001 },
  fps24: { num: 24, den: 1 },
  fps25: { num: 25, den: 1 },
  fps29_97: { num: 30000, den: 1001 },
  fps30: { num: 30, den: 1 },
  fps50: { num: 50, den: 1 },
  fps59_94: { num: 60000, den: 1001 },
  fps60: { num: 60, den: 1 },
} as const satisfies Record<string, FrameRate>;

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** A reduced rate from an integer fraction; throws on anything that is not a positive rate. */
export function frameRate(num: number, den = 1): FrameRate {
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0) {
    throw new Error(`invalid frame rate ${num}/${den}: numerator and denominator must be positive integers`);
  }
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/**
 * Parses '30000/1001', '25', '25/1', '29.97', '23.976', '23.98', '59.94' (ffprobe's r_frame_rate
 * and the decimals people type). Decimals within 0.005 of an NTSC rate (n·1000/1001) become that
 * exact fraction; other decimals are taken literally ('12.5' → 25/2).
 */
export function parseFrameRate(text: string): FrameRate {
  const s = text.trim();
  const fraction = /^(\d+)\s*\/\s*(\d+)$/.exec(s);
  if (fraction) {
    const [num, den] = [Number(fraction[1]), Number(fraction[2])];
    if (num === 0 || den === 0) throw new Error(`invalid frame rate "${text}": zero is not a frame rate`);
    return frameRate(num, den);
  }
  const decimal = /^(\d+)(?:\.(\d+))?$/.exec(s);
  if (!decimal) throw new Error(`invalid frame rate "${text}": expected a number like 25 or 29.97, or a fraction like 30000/1001`);
  const fps = Number(s);
  if (fps <= 0) throw new Error(`invalid frame rate "${text}": must be above zero`);
  if (decimal[2] === undefined) return frameRate(fps);
  // Snap only real-world NTSC rates (≥ 10 fps): below that, 0.999 would become 1000/1001.
  const ntscBase = Math.round((fps * 1001) / 1000);
  if (fps >= 10 && Math.abs(fps - (ntscBase * 1000) / 1001) < 0.005) return frameRate(ntscBase * 1000, 1001);
  const scale = 10 ** decimal[2].length;
  return frameRate(Math.round(fps * scale), scale);
}

/** '30000/1001' or '25': the form ffprobe and OTIO's docs use. */
export function formatFrameRate(rate: FrameRate): string {
  return rate.den === 1 ? String(rate.num) : `${rate.num}/${rate.den}`;
}

/** Frames per second as a float, for display and for formats that store rates as doubles (OTIO). */
export function rateToFps(rate: FrameRate): number {
  return rate.num / rate.den;
}

export function sameRate(a: FrameRate, b: FrameRate): boolean {
  return a.num * b.den === b.num * a.den;
}

/** True for the 1000/1001 rates (23.976, 29.97, 59.94 …). */
export function isNtscRate(rate: FrameRate): boolean {
  return rate.den === 1001 && rate.num % 1000 === 0;
}

/**
 * The integer frame count per timecode second: 24 for 23.976, 30 for 29.97, 60 for 59.94.
 * Throws for rates that have no SMPTE timecode (e.g. 12.5).
 */
export function nominalTimebase(rate: FrameRate): number {
  if (rate.den === 1) return rate.num;
  if (isNtscRate(rate)) return rate.num / 1000;
  throw new Error(`frame rate ${formatFrameRate(rate)} has no SMPTE timecode (only integer and 1000/1001 rates do)`);
}

/** Drop-frame timecode exists for 29.97 and 59.94 only (23.976 is always non-drop, timebase 24). */
export function supportsDropFrame(rate: FrameRate): boolean {
  return isNtscRate(rate) && nominalTimebase(rate) % 30 === 0;
}

export function framesToSeconds(frames: number, rate: FrameRate): number {
  return (frames * rate.den) / rate.num;
}

/** `+ 0` turns Math.ceil's -0 into 0 so frame counts compare and print as plain zeros. */
function roundWith(x: number, rounding: Rounding): number {
  switch (rounding) {
    case 'floor':
      return Math.floor(x + FRAME_EPSILON) + 0;
    case 'ceil':
      return Math.ceil(x - FRAME_EPSILON) + 0;
    case 'round':
      return Math.floor(x + 0.5 + FRAME_EPSILON) + 0;
  }
}

/** Seconds → whole frames. 'round' is half-up; all modes treat values within 1e-6 frames of an integer as that integer. */
export function secondsToFrames(seconds: number, rate: FrameRate, rounding: Rounding = 'round'): number {
  if (!Number.isFinite(seconds)) throw new Error(`cannot convert ${seconds} seconds to frames`);
  return roundWith((seconds * rate.num) / rate.den, rounding);
}

function divideRounded(n: bigint, d: bigint, rounding: Rounding): bigint {
  const q = n / d;
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  const floor = negative ? q - 1n : q;
  if (rounding === 'floor') return floor;
  if (rounding === 'ceil') return floor + 1n;
  const twiceRemainder = 2n * (n - floor * d);
  return twiceRemainder >= d ? floor + 1n : floor;
}

/** The frame at `to` that shows the same instant as `frames` at `from`, in exact integer arithmetic. */
export function rescaleFrames(frames: number, from: FrameRate, to: FrameRate, rounding: Rounding = 'round'): number {
  if (!Number.isSafeInteger(frames)) throw new Error(`frame position must be an integer (got ${frames})`);
  if (sameRate(from, to)) return frames;
  const n = BigInt(frames) * BigInt(from.den) * BigInt(to.num);
  const d = BigInt(from.num) * BigInt(to.den);
  return Number(divideRounded(n, d, rounding));
}

interface DropFrameLayout {
  timebase: number;
  /** Labels skipped at the start of every minute not divisible by 10: 2 at 29.97, 4 at 59.94. */
  dropped: number;
  framesPerMinute: number;
  framesPer10Minutes: number;
}

function dropFrameLayout(rate: FrameRate): DropFrameLayout {
  const timebase = nominalTimebase(rate);
  const dropped = timebase / 15;
  return {
    timebase,
    dropped,
    framesPerMinute: timebase * 60 - dropped,
    framesPer10Minutes: timebase * 600 - dropped * 9,
  };
}

function checkDropFrame(rate: FrameRate, dropFrame: boolean): void {
  if (dropFrame && !supportsDropFrame(rate)) {
    throw new Error(`drop-frame timecode does not exist at ${formatFrameRate(rate)} fps (only 29.97 and 59.94)`);
  }
}

/** Frames in one 24-hour timecode day: 2 589 408 at 29.97 DF, 2 592 000 at 29.97 NDF or 30. */
export function framesPerDay(rate: FrameRate, dropFrame = false): number {
  checkDropFrame(rate, dropFrame);
  if (!dropFrame) return nominalTimebase(rate) * 86400;
  return dropFrameLayout(rate).framesPer10Minutes * 144;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * 'HH:MM:SS:FF' (non-drop) or 'HH:MM:SS;FF' (drop-frame). Timecode is a 24-hour clock, so
 * positions wrap: one frame before 00:00:00:00 is 23:59:59:FF, as on a tape or an NLE.
 */
export function framesToTimecode(frames: number, rate: FrameRate, options: TimecodeOptions = {}): string {
  if (!Number.isSafeInteger(frames)) throw new Error(`frame position must be an integer (got ${frames})`);
  const dropFrame = options.dropFrame ?? false;
  const day = framesPerDay(rate, dropFrame);
  let label = ((frames % day) + day) % day;
  if (dropFrame) {
    const { dropped, framesPerMinute, framesPer10Minutes } = dropFrameLayout(rate);
    const tens = Math.floor(label / framesPer10Minutes);
    const rest = label % framesPer10Minutes;
    const skippedInBlock = rest < dropped ? 0 : dropped * Math.floor((rest - dropped) / framesPerMinute);
    label += dropped * 9 * tens + skippedInBlock;
  }
  const timebase = nominalTimebase(rate);
  const ff = label % timebase;
  const totalSeconds = Math.floor(label / timebase);
  const ss = totalSeconds % 60;
  const mm = Math.floor(totalSeconds / 60) % 60;
  const hh = Math.floor(totalSeconds / 3600);
  return `${pad2(hh)}:${pad2(mm)}:${pad2(ss)}${dropFrame ? ';' : ':'}${pad2(ff)}`;
}

const TIMECODE_PATTERN = /^(\d{1,2})[:;](\d{2})[:;](\d{2})([:;.,])(\d{2})$/;

/**
 * Parses 'HH:MM:SS:FF', 'HH:MM:SS;FF' or 'HH:MM:SS.FF'/'HH:MM:SS,FF' (drop-frame variants some
 * tools write) into a frame count from 00:00:00:00. Throws on labels that cannot exist: fields out
 * of range, or a drop-frame label that SMPTE skips (00:01:00;00 at 29.97).
 */
export function timecodeToFrames(timecode: string, rate: FrameRate, options: TimecodeOptions = {}): number {
  const m = TIMECODE_PATTERN.exec(timecode.trim());
  if (!m) throw new Error(`invalid timecode "${timecode}": expected HH:MM:SS:FF or HH:MM:SS;FF`);
  const [hh, mm, ss, ff] = [m[1], m[2], m[3], m[5]].map(Number);
  const dropFrame = options.dropFrame ?? (m[4] === ';' || m[4] === ',');
  checkDropFrame(rate, dropFrame);
  const timebase = nominalTimebase(rate);
  if (hh > 23 || mm > 59 || ss > 59 || ff >= timebase) {
    throw new Error(`invalid timecode "${timecode}": fields out of range for ${formatFrameRate(rate)} fps (frames 00–${pad2(timebase - 1)})`);
  }
  const totalMinutes = hh * 60 + mm;
  const labelFrames = (hh * 3600 + mm * 60 + ss) * timebase + ff;
  if (!dropFrame) return labelFrames;
  const { dropped } = dropFrameLayout(rate);
  if (ss === 0 && ff < dropped && mm % 10 !== 0) {
    throw new Error(
      `invalid timecode "${timecode}": drop-frame skips frames 00–${pad2(dropped - 1)} at the start of each minute not divisible by 10`,
    );
  }
  return labelFrames - dropped * (totalMinutes - Math.floor(totalMinutes / 10));
}
