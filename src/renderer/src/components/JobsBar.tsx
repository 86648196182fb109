import { useEffect, useState } from 'react';
import type { JobInfo, JobKind } from '../../../shared/contract';
import { timeLeft } from '../format';
import { Icon } from './Icon';

interface JobsBarProps {
  jobs: readonly JobInfo[];
  onCancel(jobId: string): void;
}

const WHAT: Record<JobKind, string> = { index: 'Indexing music', analyze: 'Analysing footage', suggest: 'Suggesting music', render: 'Rendering the preview' };
/** A finished job's outcome stays visible this long; failures stay until dismissed. */
const SHOW_DONE_MS = 8000;

/** The newest job of each kind: running with progress and a cancel button, a recent outcome, or a failure until dismissed. */
export function JobsBar({ jobs, onCancel }: JobsBarProps): React.JSX.Element {
  const [now, setNow] = useState(Date.now());
  const [dismissed, setDismissed] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  // One line per kind: a newer job (a split re-analysing, say) replaces the older one's outcome.
  const newest = new Map<JobKind, JobInfo>();
  for (const j of jobs) if ((newest.get(j.kind)?.startedAt ?? -Infinity) <= j.startedAt) newest.set(j.kind, j);
  const visible = [...newest.values()].filter(
    (j) => j.state === 'running' || j.state === 'queued' || (j.state === 'failed' && !dismissed.has(j.id)) || (j.finishedAt !== null && now - j.finishedAt < SHOW_DONE_MS),
  );
  return (
    <footer className="jobs-bar" role="status" aria-live="polite" aria-label="Jobs">
      {visible.length === 0 && <span className="muted small">Ready.</span>}
      {visible.map((j) => {
        const active = j.state === 'running' || j.state === 'queued';
        const fraction = j.total > 0 ? Math.min(1, j.done / j.total) : undefined;
        return (
          <div key={j.id} className={`job job-${j.state}`} data-job-kind={j.kind} data-job-state={j.state}>
            <strong>{WHAT[j.kind]}</strong>
            {active ? (
              <>
                <span className="small">
                  {j.state === 'queued' ? 'waiting for the other jobs' : j.stage}
                  {j.total > 1 && ` ${Math.floor(j.done)}/${j.total}`}
                  {timeLeft(j, now) && ` · ${timeLeft(j, now)}`}
                  {j.current && ` · ${j.current}`}
                </span>
                <progress max={1} value={fraction} aria-label={`${WHAT[j.kind]} progress`} />
                <button type="button" className="small-button" onClick={() => onCancel(j.id)} aria-label={`Cancel ${WHAT[j.kind].toLowerCase()}`}>
                  Cancel
                </button>
              </>
            ) : (
              <>
                <span className={`small${j.state === 'failed' ? ' error-text' : ''}`}>{j.message ?? j.state}</span>
                {j.state === 'failed' && (
                  <button type="button" className="small-button" onClick={() => setDismissed((d) => new Set(d).add(j.id))} aria-label="Dismiss">
                    <Icon name="cross" size={12} />
                  </button>
                )}
              </>
            )}
          </div>
        );
      })}
    </footer>
  );
}
