import { useEffect, useRef, useState } from 'react';
import type { DetectionSettings, JobInfo } from '../../../shared/contract';
import { plural } from '../format';

interface DetectionControlProps {
  /** The project's settings as stored. */
  detection: DetectionSettings;
  sceneCount: number;
  /** The newest analysis of the project: while it runs, the strip is not final yet. */
  analyzeJob: JobInfo | null;
  /** Applies changed settings (the project is analysed again); resolves false when they were refused. */
  onChange(settings: Partial<DetectionSettings>): Promise<boolean>;
}

const SENSITIVITY_STEP = 0.05;
/** Two decimals: what the slider shows and stores, free of binary fractions such as 0.15000000000000002. */
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** "0.50 (fewer cuts)": what the slider's number means to a screen reader as well as to the eye. */
function describeSensitivity(s: number): string {
  return `${s.toFixed(2)}${s < 0.5 ? ', fewer cuts' : s > 0.5 ? ', more cuts' : ', default'}`;
}

/**
 * The project's scene detection, where the editor sees the scenes: how readily a change of picture
 * counts as a cut, and the shortest scene. A change is applied when the editor lets go of the
 * slider (or the arrow key) or commits the number (Enter, or leaving the field), not on every step
 * of a drag; the scenes are then found again, with the editor's splits and joins kept.
 */
export function DetectionControl({ detection, sceneCount, analyzeJob, onChange }: DetectionControlProps): React.JSX.Element {
  const [sensitivity, setSensitivity] = useState(detection.sensitivity);
  const [minText, setMinText] = useState(String(detection.minSceneLengthSec));
  /** What was sent last and is not stored yet: a blur right after a key release does not send it again. */
  const sent = useRef<Partial<DetectionSettings>>({});
  // The stored settings win whenever they change (applied, or changed by the other door).
  useEffect(() => {
    setSensitivity(detection.sensitivity);
    sent.current = {};
  }, [detection.sensitivity]);
  useEffect(() => {
    setMinText(String(detection.minSceneLengthSec));
    sent.current = {};
  }, [detection.minSceneLengthSec]);
  const apply = (change: Partial<DetectionSettings>): void => {
    const [key, value] = Object.entries(change)[0] as [keyof DetectionSettings, number];
    if (value === detection[key] || value === sent.current[key]) return;
    sent.current = { ...sent.current, [key]: value };
    void onChange(change).then((ok) => {
      if (ok) return;
      // Refused (the notice says why): the control shows the setting in force again.
      sent.current = {};
      setSensitivity(detection.sensitivity);
      setMinText(String(detection.minSceneLengthSec));
    });
  };

  // Read from the slider itself: its last step may not have reached the state yet.
  const commitSensitivity = (e: { currentTarget: HTMLInputElement }): void => {
    apply({ sensitivity: round2(Number(e.currentTarget.value)) });
  };
  const commitMin = (): void => {
    const value = Number(minText);
    // An emptied or unreadable field goes back to the setting; any number is the service's to judge (and explain).
    if (minText.trim() === '' || Number.isNaN(value)) return setMinText(String(detection.minSceneLengthSec));
    apply({ minSceneLengthSec: value });
  };
  const analysing = analyzeJob?.state === 'running' || analyzeJob?.state === 'queued';

  return (
    <div className="detection" role="group" aria-label="Scene detection" data-testid="detection">
      <label className="detection-sensitivity" title="How readily a change of picture counts as a cut">
        <span>Cut sensitivity</span>
        <span className="muted" aria-hidden="true">
          fewer
        </span>
        <input
          type="range"
          min={0}
          max={1}
          step={SENSITIVITY_STEP}
          value={sensitivity}
          aria-valuetext={describeSensitivity(sensitivity)}
          onChange={(e) => setSensitivity(round2(Number(e.target.value)))}
          onPointerUp={commitSensitivity}
          onKeyUp={commitSensitivity}
          onBlur={commitSensitivity}
          data-testid="detection-sensitivity"
        />
        <span className="muted" aria-hidden="true">
          more
        </span>
        <output className="muted">{sensitivity.toFixed(2)}</output>
      </label>
      <label className="detection-min" title="No scene shorter than this, except where you cut yourself">
        <span>Shortest scene</span>
        <input
          type="number"
          min={0.1}
          max={600}
          step={0.1}
          inputMode="decimal"
          value={minText}
          aria-label="Minimum scene length in seconds"
          onChange={(e) => setMinText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitMin();
            else if (e.key === 'Escape') setMinText(String(detection.minSceneLengthSec));
          }}
          onBlur={commitMin}
          data-testid="detection-min"
        />
        <span className="muted">s</span>
      </label>
      <span className="detection-state muted" role="status" data-testid="detection-state">
        {analysing ? 'Finding scenes…' : plural(sceneCount, 'scene')}
      </span>
    </div>
  );
}
