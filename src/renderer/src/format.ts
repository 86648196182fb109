import { framesToTimecode, secondsToFrames, type FrameRate } from '../../shared/time';

/** m:ss.s, for positions inside a track or a scene. */
export function clock(sec: number): string {
  const safe = Math.max(0, sec);
  const m = Math.floor(safe / 60);
  const s = safe - m * 60;
  return `${m}:${s.toFixed(1).padStart(4, '0')}`;
}

/** SMPTE timecode of a position in a video (non-drop labels: this is for finding frames, not for export). */
export function timecode(sec: number, rate: FrameRate): string {
  return framesToTimecode(secondsToFrames(Math.max(0, sec), rate, 'floor'), rate);
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const MIN_PACE_MS = 4000;

/**
 * Time a running job still needs at the pace it has had so far ("about 40 s left"); null until it
 * has finished something to measure by, or when it cannot tell how much is left.
 */
export function timeLeft(job: { state: string; done: number; total: number; startedAt: number }, now: number): string | null {
  if (job.state !== 'running' || job.total <= 0 || job.done <= 0 || job.done >= job.total) return null;
  // The first moments of a job (opening files, probing) say little about its pace.
  if (now - job.startedAt < MIN_PACE_MS && job.done < 1) return null;
  const sec = ((now - job.startedAt) / job.done) * (job.total - job.done) / 1000;
  if (!Number.isFinite(sec) || sec < 0) return null;
  return sec < 60 ? `about ${Math.max(1, Math.round(sec))} s left` : `about ${Math.round(sec / 60)} min left`;
}
