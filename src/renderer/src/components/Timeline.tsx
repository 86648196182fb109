import type { CueView, SceneView } from '../../../shared/contract';
import { clock, plural } from '../format';
import { GuardedButton } from './GuardedButton';
import { Icon } from './Icon';

interface TimelineProps {
  /** Every scene of the cut in order (all videos). */
  scenes: readonly SceneView[];
  /** The cut's music cues (project.cues, the editor's splits and joins applied). */
  cues: readonly CueView[];
  selectedId: number | null;
  error: string | null;
  onSelect(scene: SceneView): void;
  /** Why the selected scene's cue cannot be split there / joined to the one before; null when it can. */
  splitBlocked: string | null;
  joinBlocked: string | null;
  playBlocked: string | null;
  /** True while the selected scene's cue plays through its cuts. */
  playing: boolean;
  onBlocked(reason: string): void;
  onSplitCue(): void;
  onJoinCue(): void;
  onPlayCue(): void;
}

/**
 * The whole cut under the player: every scene as a clip, widths in proportion to their length,
 * across all videos, and under them the music lane: each cue (the stretch one piece of music
 * carries) with the track accepted for it, or a gap that says it has none yet. The editor splits
 * a cue at the selected scene, joins it to the cue before, and plays it through its cuts.
 */
export function Timeline({ scenes, cues, selectedId, error, onSelect, ...props }: TimelineProps): React.JSX.Element {
  const total = scenes.reduce((n, s) => n + (s.endSec - s.startSec), 0) || 1;
  const pct = (sec: number): string => `${(sec / total) * 100}%`;
  const byId = new Map(scenes.map((s) => [s.id, s]));
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
      <div className="timeline-lane">
        <ol className="timeline-cues" aria-label="Music cues">
          {cues.map((c) => {
            const carried = c.accepted && c.accepted.scenes < c.sceneIds.length ? ` (on ${c.accepted.scenes} of ${c.sceneIds.length})` : '';
            const first = byId.get(c.sceneIds[0]);
            return (
              <li
                key={`${c.index}-${c.sceneIds[0]}`}
                style={{ width: pct(c.endSec - c.startSec) }}
                className={`timeline-cue${c.accepted ? ' has-music' : ''}${selectedId !== null && c.sceneIds.includes(selectedId) ? ' selected' : ''}${c.edited ? ' edited' : ''}`}
                data-scenes={c.sceneIds.length}
                data-track-id={c.accepted?.trackId}
                title={`Cue ${c.index + 1}: ${plural(c.sceneIds.length, 'scene')}, ${clock(c.endSec - c.startSec)}${c.accepted ? `, ${c.accepted.title}${carried}` : ', no music accepted yet'}${c.edited ? ' (your split or join)' : ''}`}
                onClick={() => first && onSelect(first)}
              >
                <Icon name="note" size={11} /> <span>{c.accepted ? `${c.accepted.title}${carried}` : `${plural(c.sceneIds.length, 'scene')}, no music yet`}</span>
              </li>
            );
          })}
        </ol>
        <span className="timeline-tools" role="group" aria-label="The selected scene’s cue">
          <GuardedButton className="icon-button" onClick={props.onSplitCue} blocked={props.splitBlocked} onBlocked={props.onBlocked} keyshortcuts="Shift+S" testId="cue-split">
            <Icon name="scissors" size={12} />
            <span className="visually-hidden">Start a new cue at the selected scene (Shift+S)</span>
          </GuardedButton>
          <GuardedButton className="icon-button" onClick={props.onJoinCue} blocked={props.joinBlocked} onBlocked={props.onBlocked} keyshortcuts="Shift+M" testId="cue-join">
            <Icon name="join" size={12} />
            <span className="visually-hidden">Join the selected scene’s cue to the cue before it (Shift+M)</span>
          </GuardedButton>
          <GuardedButton className="icon-button" onClick={props.onPlayCue} blocked={props.playBlocked} onBlocked={props.onBlocked} keyshortcuts="Shift+P" testId="cue-play">
            <Icon name={props.playing ? 'stop' : 'play'} size={12} />
            <span className="visually-hidden">{props.playing ? 'Stop playing the cue (Shift+P)' : 'Play the selected scene’s cue through its cuts with its music (Shift+P)'}</span>
          </GuardedButton>
        </span>
      </div>
      {error && <p className="error-text small">{error}</p>}
    </section>
  );
}
