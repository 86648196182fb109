import { spawn } from 'node:child_process';
import ffmpeg from 'fluent-ffmpeg';
import { type FrameRate, RATES, parseFrameRate } from '../../../shared/time';
import { ffmpegBinaries } from './ffmpegBinaries';
import { MediaError, explainFfmpegFailure, unreadableReason } from './mediaError';

export interface AudioStreamInfo {
  codec: string;
  sampleRate: number;
  channels: number;
}

export interface VideoStreamInfo {
  codec: string;
  width: number;
  height: number;
  /** Exact frame rate as a rational, e.g. 30000/1001. */
  fpsNum: number;
  fpsDen: number;
  /** Display rotation in degrees (0, 90, 180, 270). */
  rotation: number;
  pixFmt: string;
  bitsPerSample: number;
  frameCount?: number;
  variableFrameRate: boolean;
}

export interface MediaProbe {
  path: string;
  formatName: string;
  durationSec: number;
  audio?: AudioStreamInfo;
  /** Only a real moving-picture stream; cover art (attached_pic) does not count. */
  video?: VideoStreamInfo;
  startTimecode?: string;
  tags: Record<string, string>;
  /**
   * Set when ffprobe failed on the file (its reason) and this description is ffmpeg's own listing
   * of the streams instead (probeWithFfmpeg): fewer details, but what ffmpeg will decode.
   */
  ffprobeFailure?: string;
}

function parseRational(value: string | undefined): [number, number] | undefined {
  if (!value) return undefined;
  const [n, d] = value.split('/').map(Number);
  if (!Number.isFinite(n) || !Number.isFinite(d) || n <= 0 || d <= 0) return undefined;
  return [n, d];
}

const PROBE_TIMEOUT_MS = 30_000;

/**
 * ffprobe itself failed on a file that exists and can be read (it rejected the data, crashed or
 * hung). ffmpeg may still decode it: ffprobe's checks are stricter in places (an Ogg page with a
 * negative granule position), and the bundled ffprobe crashes on some containers ffmpeg reads.
 */
export class ProbeFailure extends MediaError {}

/**
 * Describes one file's streams with ffprobe; where ffprobe fails on a readable file (it rejects the
 * data, crashes or hangs: the bundled ffprobe crashes on MPEG-TS), with ffmpeg's own listing of the
 * streams, marked with ffprobe's reason (`ffprobeFailure`). Throws MediaError with a human reason:
 * ffprobe's (a ProbeFailure) when ffmpeg finds no stream either.
 */
export async function probeMedia(path: string): Promise<MediaProbe> {
  try {
    return await probeWithFfprobe(path);
  } catch (err) {
    if (!(err instanceof ProbeFailure)) throw err;
    const listed = await probeWithFfmpeg(path).catch(() => undefined);
    if (!listed || (!listed.audio && !listed.video)) throw err;
    return { ...listed, ffprobeFailure: err.reason };
  }
}

function probeWithFfprobe(path: string): Promise<MediaProbe> {
  const unreadable = unreadableReason(path);
  if (unreadable) return Promise.reject(new MediaError(path, unreadable));
  ffmpeg.setFfprobePath(ffmpegBinaries().ffprobe);
  return new Promise((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      settled = true;
      reject(new ProbeFailure(path, `ffprobe did not answer within ${PROBE_TIMEOUT_MS / 1000} s`));
    }, PROBE_TIMEOUT_MS);
    ffmpeg.ffprobe(path, (err, data) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        reject(new ProbeFailure(path, explainFfmpegFailure(String(err.message ?? err), 'ffprobe could not read the file')));
        return;
      }
      const streams = data.streams ?? [];
      const a = streams.find((s) => s.codec_type === 'audio');
      const v = streams.find((s) => s.codec_type === 'video' && !(s.disposition as Record<string, number> | undefined)?.attached_pic);
      const tags: Record<string, string> = {};
      for (const [k, val] of Object.entries(data.format?.tags ?? {})) tags[k.toLowerCase()] = String(val);
      const duration = Number(data.format?.duration);
      const result: MediaProbe = {
        path,
        formatName: String(data.format?.format_name ?? ''),
        durationSec: Number.isFinite(duration) ? duration : Number(a?.duration ?? v?.duration ?? 0) || 0,
        tags,
      };
      if (a) {
        result.audio = { codec: String(a.codec_name), sampleRate: Number(a.sample_rate) || 0, channels: Number(a.channels) || 0 };
      }
      if (v) {
        const avg = parseRational(v.avg_frame_rate);
        const r = nominalRate(parseRational(v.r_frame_rate), avg);
        const vTags = (v.tags ?? {}) as Record<string, string>;
        const sideData = ((v as unknown as { side_data_list?: Array<{ rotation?: number }> }).side_data_list ?? []).find(
          (sd) => sd.rotation !== undefined,
        );
        // Older muxers write a rotate tag; newer ones a display matrix, which fluent-ffmpeg flattens
        // into stream.rotation (ffprobe's own JSON nests it in side_data_list).
        const flattened = (v as unknown as { rotation?: number | string }).rotation;
        const rotationRaw = Number(vTags.rotate ?? flattened ?? sideData?.rotation ?? 0);
        const pixFmt = String(v.pix_fmt ?? '');
        const bits = Number(v.bits_per_raw_sample) || (/(10|12)(le|be)$/.test(pixFmt) ? Number(pixFmt.match(/(10|12)(le|be)$/)![1]) : 8);
        result.video = {
          codec: String(v.codec_name),
          width: Number(v.width) || 0,
          height: Number(v.height) || 0,
          fpsNum: r[0],
          fpsDen: r[1],
          rotation: (((Math.round(rotationRaw) % 360) + 360) % 360) as number,
          pixFmt,
          bitsPerSample: bits,
          frameCount: Number(v.nb_frames) || undefined,
          variableFrameRate: avg !== undefined && !sameRate(avg, r),
        };
        const tc = vTags.timecode ?? tags.timecode;
        if (tc) result.startTimecode = tc;
      }
      resolve(result);
    });
  });
}

/**
 * What `ffmpeg -i` lists for the file on stderr (the input's format, duration, metadata and one line
 * per stream), parsed into a MediaProbe. The listing is meant for people, so only the fields every
 * ffmpeg version prints are read; a rate is taken from "fps" (else "tbr") and snapped to the NTSC
 * rationals it abbreviates (29.97 → 30000/1001).
 */
function probeWithFfmpeg(path: string): Promise<MediaProbe> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpegBinaries().ffmpeg, ['-hide_banner', '-nostdin', '-i', path], { stdio: ['ignore', 'ignore', 'pipe'] });
    let listing = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (listing.length < 1 << 20) listing += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROBE_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new MediaError(path, `ffmpeg could not be started (${err.message})`));
    });
    child.on('close', () => {
      clearTimeout(timer);
      resolve(parseFfmpegListing(path, listing));
    });
  });
}

/** The pure half of probeWithFfmpeg: ffmpeg's stderr listing of one input into a MediaProbe. */
export function parseFfmpegListing(path: string, listing: string): MediaProbe {
  const lines = listing.split(/\r?\n/);
  const result: MediaProbe = { path, formatName: /^Input #0, (.+?), from /m.exec(listing)?.[1] ?? '', durationSec: 0, tags: {} };
  const duration = /Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(listing);
  if (duration) result.durationSec = Number(duration[1]) * 3600 + Number(duration[2]) * 60 + Number(duration[3]);
  let inVideo = false;
  for (const line of lines) {
    const stream = /^\s*Stream #0:\d+.*?: (Video|Audio): (.*)$/.exec(line);
    if (stream) {
      inVideo = false;
      const [, kind, rest] = stream;
      const codec = /^(\w+)/.exec(rest)?.[1] ?? 'unknown';
      if (kind === 'Audio' && !result.audio) {
        result.audio = { codec, sampleRate: Number(/(\d+) Hz/.exec(rest)?.[1]) || 0, channels: channelCount(/Hz, ([^,]+)/.exec(rest)?.[1] ?? '') };
      } else if (kind === 'Video' && !result.video && !isCoverArt(rest)) {
        const size = /, (\d{2,5})x(\d{2,5})/.exec(rest);
        const rate = listedRate(/, ([\d.]+) fps/.exec(rest)?.[1] ?? /, ([\d.]+) tbr/.exec(rest)?.[1]);
        const pixFmt = /^\w+[^,]*?(?:\([^)]*\))?[^,]*, (\w+)/.exec(rest)?.[1] ?? '';
        const bits = /(10|12)(le|be)$/.exec(pixFmt);
        result.video = {
          codec,
          width: size ? Number(size[1]) : 0,
          height: size ? Number(size[2]) : 0,
          fpsNum: rate.num,
          fpsDen: rate.den,
          rotation: 0,
          pixFmt,
          bitsPerSample: bits ? Number(bits[1]) : 8,
          variableFrameRate: false,
        };
        inVideo = true;
      }
      continue;
    }
    if (inVideo && result.video) {
      const rotate = /^\s+rotate\s*: (-?\d+)/.exec(line)?.[1] ?? /displaymatrix: rotation of (-?[\d.]+) degrees/.exec(line)?.[1];
      if (rotate !== undefined) result.video.rotation = (((Math.round(Number(rotate)) % 360) + 360) % 360) as number;
    }
    const meta = /^\s{4,}(\w+)\s*: (.*)$/.exec(line);
    if (meta && !result.video && !result.audio) result.tags[meta[1].toLowerCase()] = meta[2].trim();
    const timecode = /^\s+timecode\s*: (\d\d:\d\d:\d\d[:;.]\d\d)/.exec(line)?.[1];
    if (timecode && !result.startTimecode) result.startTimecode = timecode;
  }
  if (!result.video) delete result.startTimecode;
  return result;
}

/**
 * A picture stream that is a file's cover art, not its video: ffmpeg marks it "(attached pic)", and
 * the bundled ffmpeg (2018), which does not always, lists an ID3 or FLAC picture as a still-image
 * codec with no frame rate ("png, rgb24(pc), 64x64, 90k tbr, 90k tbn"), where a video has "fps".
 */
function isCoverArt(stream: string): boolean {
  return /attached pic/.test(stream) || (/^(mjpeg|png|bmp|gif|tiff|webp)\b/.test(stream) && !/ fps\b/.test(stream));
}

/** Channels of a layout as ffmpeg names it: mono, stereo, "6 channels", 5.1 (5 + 1). */
function channelCount(layout: string): number {
  if (layout === 'mono') return 1;
  if (layout === 'stereo') return 2;
  const counted = /^(\d+) channels/.exec(layout);
  if (counted) return Number(counted[1]);
  const surround = /^(\d+)\.(\d+)/.exec(layout);
  return surround ? Number(surround[1]) + Number(surround[2]) : 0;
}

/** A rate as ffmpeg prints it (two decimals): parseFrameRate snaps the NTSC ones to n·1000/1001; 25 when none is given. */
function listedRate(text: string | undefined): FrameRate {
  try {
    return text ? parseFrameRate(text) : RATES.fps25;
  } catch {
    return RATES.fps25;
  }
}

const sameRate = (a: [number, number], b: [number, number]): boolean => Math.abs(a[0] / a[1] - b[0] / b[1]) <= 0.01 * (b[0] / b[1]);

/**
 * The rate frame numbers count at: ffprobe's r_frame_rate, except where it is the field rate of a
 * field-coded stream (MPEG-2 and some interlaced H.264 report twice the average rate there); taking
 * it would double every frame when the file is resampled to a constant rate.
 */
export function nominalRate(r: [number, number] | undefined, avg: [number, number] | undefined): [number, number] {
  if (r && avg && sameRate([r[0], 2 * r[1]], avg)) return avg;
  return r ?? avg ?? [25, 1];
}
