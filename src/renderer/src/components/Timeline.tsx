import { useEffect, useState } from 'react';
import type { CuefinderBridge, CueView, SceneView } from '../../../shared/contract';
import { clock, errorText, plural } from '../format';
import { Icon } from './Icon';

interface TimelineProps {
  bridge: CuefinderBridge;
  /** Every scene of the cut in order (all videos). */
  scenes: readonly SceneView[];
  selectedId: number | null;
  /** Reloads the cues when the project or the suggestions change. */
  version: string;
  onSelect(scene: SceneView): void;
}

/**
 * The whole cut under the player: every scene as a clip, widths in proportion to their length,
 * across all videos, and under them the music lane: each cue (the stretch one piece of music
 * carries) with the track accepted for it, or a gap that says it has none yet.
 */
export function Timeline({ bridge, scenes, selectedId, version, onSelect }: TimelineProps): React.JSX.Element {
  const [cues, setCues] = useState<readonly CueView[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    bridge.services.project
      .cues()
      .then((c) => current && (setCues(c), setError(null)))
      .catch((err) => current && setError(errorText(err)));
    return () => {
      current = false;
    };
  }, [bridge, version]);
  const total = scenes.reduce((n, s) => n + (s.endSec - s.startSec), 0) || 1;
  const pct = (sec: number): string => `${(sec / total) * 100}%`;
  return (
    <section className="timeline" aria-label="The cut: scenes and music cues" data-testid="timeline">
      <ol className="timeline-scenes" aria-label="Scenes">
        {scenes.map((s) => (
          <li key={s.id} style={{ width: pct(s.endSec - s.startSec) }}>
            <button
              type="button"
              tabIndex={-1}
              className={`timeline-clip${s.id === selectedId ? ' selected' : ''}${s.accepted ? ' accepted' : ''}`}
              title={`Scene ${s.number}, ${clock(s.endSec - s.startSec)}${s.accepted ? `: ${s.accepted.title}` : ''}`}
              aria-label={`Scene ${s.number}`}
              onClick={() => onSelect(s)}
            />
          </li>
        ))}
      </ol>
      <ol className="timeline-cues" aria-label="Music cues">
        {cues.map((c) => (
          <li
            key={c.index}
            style={{ width: pct(c.endSec - c.startSec) }}
            className={`timeline-cue${c.accepted ? ' has-music' : ''}`}
            data-scenes={c.sceneIds.length}
            title={`Cue ${c.index + 1}: ${plural(c.sceneIds.length, 'scene')}, ${clock(c.endSec - c.startSec)}${c.accepted ? `, ${c.accepted.title}` : ', no music accepted yet'}`}
          >
            <Icon name="note" size={11} /> <span>{c.accepted ? c.accepted.title : `${plural(c.sceneIds.length, 'scene')}, no music yet`}</span>
          </li>
        ))}
      </ol>
      {error && <p className="error-text small">{error}</p>}
    </section>
  );
}
