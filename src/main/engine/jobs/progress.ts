/** Progress of a long job, as every surface (CLI bar, UI) shows it. */
export interface JobProgress {
  stage: string;
  done: number;
  total: number;
  /** The item being worked on, e.g. a file path. */
  current?: string;
  /** Seconds of media processed so far, when the job knows. */
  mediaSeconds?: number;
}

export type ProgressListener = (p: JobProgress) => void;

/**
 * Wraps a listener so it fires at most `perSecond` times a second, plus always on the first and
 * the final (done === total) report.
 */
export function throttleProgress(listener: ProgressListener | undefined, perSecond = 15): ProgressListener {
  if (!listener) return () => {};
  const minGap = 1000 / perSecond;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (p.done >= p.total || now - last >= minGap) {
      last = now;
      listener(p);
    }
  };
}
