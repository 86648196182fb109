import { useEffect, useState } from 'react';
import type { JobInfo, ProjectView } from '../../../shared/contract';
import { plural, timeLeft } from '../format';

/** Re-renders every second while mounted, for estimates that move with the clock. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** A running job in the main area: what it does, how far it is, and about how long is left. */
export function JobProgress({ job, what, unit, compact }: { job: JobInfo; what: string; unit: string; compact?: boolean }): React.JSX.Element {
  const now = useNow();
  const left = timeLeft(job, now);
  const fraction = job.total > 0 ? Math.min(1, job.done / job.total) : undefined;
  return (
    <div className={`job-progress${compact ? ' compact' : ''}`} role="status" data-testid="analysis-progress">
      <p>
        <strong>{what}…</strong>{' '}
        {job.state === 'queued'
          ? 'waiting for the other jobs to finish'
          : job.total > 0
            ? `${Math.floor(job.done)} of ${plural(job.total, unit)} ${job.stage === 'analysing' ? 'analysed' : `(${job.stage})`}`
            : job.stage}
        {left && ` · ${left}`}
        {job.current && <span className="muted"> · {job.current}</span>}
      </p>
      <progress max={1} value={fraction} aria-label={`${what} progress`} />
    </div>
  );
}

/** Files of the project folder that were skipped, each with the reason in words. */
export function SkippedFiles({ failures, open }: { failures: ProjectView['failures']; open?: boolean }): React.JSX.Element | null {
  if (failures.length === 0) return null;
  return (
    <details className="skipped-files" open={open} data-testid="skipped-files">
      <summary>
        {plural(failures.length, 'file')} skipped: {failures.length === 1 ? 'it' : 'they'} could not be analysed
      </summary>
      <ul className="small">
        {failures.map((f) => (
          <li key={f.path}>
            <strong>{f.path.split('/').pop()}</strong>: {f.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
