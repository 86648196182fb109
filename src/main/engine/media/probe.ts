import ffmpeg from 'fluent-ffmpeg';
import { statSync } from 'node:fs';
import { ffmpegBinaries } from './ffmpegBinaries';
import { MediaError, explainFfmpegFailure } from './mediaError';

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

/** Probes one file with ffprobe. Throws MediaError with a human reason. */
export function probeMedia(path: string): Promise<MediaProbe> {
  try {
    const st = statSync(path);
    if (!st.isFile()) return Promise.reject(new MediaError(path, 'not a regular file'));
    if (st.size === 0) return Promise.reject(new MediaError(path, 'empty file (0 bytes)'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return Promise.reject(new MediaError(path, code === 'EACCES' ? 'permission denied' : `cannot read file (${code})`));
  }
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
