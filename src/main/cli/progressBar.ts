import type { JobProgress } from '../engine/jobs/progress';

/**
 * Draws job progress on stderr: a bar with ETA on a TTY, nothing otherwise (logs and pipes stay
 * clean). Call done() before printing results.
 */
export function createProgressBar(stream: NodeJS.WriteStream = process.stderr): { update: (p: JobProgress) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  let stageStart = Date.now();
  let stage = '';
  let drawn = false;
  const update = (p: JobProgress): void => {
    if (p.stage !== stage) {
      stage = p.stage;
      stageStart = Date.now();
    }
    const width = Math.max(10, Math.min(30, (stream.columns ?? 80) - 60));
    const frac = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
    const filled = Math.round(frac * width);
    const elapsed = (Date.now() - stageStart) / 1000;
    const eta = frac > 0 && frac < 1 ? formatDuration((elapsed * (1 - frac)) / frac) : '--:--';
    const name = p.current ? shorten(p.current.split('/').pop() ?? '', 24) : '';
    const line = `${p.stage.padEnd(8)} [${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${p.done}/${p.total} ETA ${eta} ${name}`;
    stream.write(`\r${line.slice(0, (stream.columns ?? 100) - 1)}\x1b[K`);
    drawn = true;
  };
  const done = (): void => {
    if (drawn) stream.write('\r\x1b[K');
    drawn = false;
  };
  return { update, done };
}

export function formatDuration(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`;
}

function shorten(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}
