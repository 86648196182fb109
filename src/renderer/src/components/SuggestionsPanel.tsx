import { useEffect, useRef } from 'react';
import type { CuefinderBridge, CueSuggestionsView, CueView, JobInfo, SceneSuggestionsView, SceneView } from '../../../shared/contract';
import { clock, plural } from '../format';
import { CueSuggestions } from './CueSuggestions';
import { feels } from '../why';
import type { UndoHistory } from '../hooks/useUndo';
import { Icon } from './Icon';
import { SuggestionCard } from './SuggestionCard';

interface SuggestionsPanelProps {
  bridge: CuefinderBridge;
  scene: SceneView | null;
  view: SceneSuggestionsView | null;
  selectedTrackId: number | null;
  previewingTrackId: number | null;
  hasLibrary: boolean;
  suggestJob: JobInfo | null;
  onSelect(trackId: number): void;
  onPreview(trackId: number): void;
  onAccept(trackId: number): void;
  onReject(trackId: number): void;
  onRate(trackId: number, score: number): void;
  onMedia(trackId: number, media: HTMLAudioElement, present: boolean): void;
  onSuggest(): void;
  onOpenLibrary(): void;
  onRestore(trackId: number): void;
  history: UndoHistory;
  /** The selected card's mood chart is open (C toggles it; kept between runs). */
  chartOpen: boolean;
  onToggleChart(): void;
  snap: boolean;
  onToggleSnap(): void;
  onSection(trackId: number, inSec: number, outSec: number): void;
  /** The cue the scene is in, and whether the panel shows music for the whole cue (Q) instead of the scene. */
  cue: CueView | null;
  cueMode: boolean;
  onCueMode(on: boolean): void;
  cueView: CueSuggestionsView | null;
  selectedCueTrackId: number | null;
  /** The track a whole cue plays with now. */
  previewingCueTrackId: number | null;
  onSelectCueTrack(trackId: number): void;
  onPreviewCue(trackId: number): void;
  onAcceptCue(trackId: number): void;
}


/** The selected scene's suggestions, best first, or what to do to get some. */
export function SuggestionsPanel(props: SuggestionsPanelProps): React.JSX.Element {
  const { scene, view, suggestJob, cue } = props;
  const cueMode = props.cueMode && cue !== null && cue.sceneIds.length > 1;
  const selectedCard = useRef<HTMLElement>(null);
  useEffect(() => {
    selectedCard.current?.scrollIntoView({ block: 'nearest' });
  }, [props.selectedTrackId]);

  const busy = suggestJob && (suggestJob.state === 'running' || suggestJob.state === 'queued');
  let empty: React.JSX.Element | null = null;
  if (!scene) empty = <p className="muted">Select a scene to see music for it.</p>;
  else if (view && view.suggestions.length === 0) {
    if (busy) empty = <p className="muted">Finding music for this scene… ({suggestJob.stage})</p>;
    else if (!props.hasLibrary)
      empty = (
        <div className="empty-state">
          <p>Open your music library to get suggestions for this scene.</p>
          <button type="button" className="primary" onClick={props.onOpenLibrary}>
            Open music library…
          </button>
        </div>
      );
    else
      empty = (
        <div className="empty-state">
          <p>No suggestions for this scene yet.</p>
          <button type="button" className="primary" onClick={props.onSuggest}>
            Suggest music
          </button>
        </div>
      );
  }

  return (
    <section className="suggestions" aria-label="Suggestions">
      <header className="panel-head">
        <h2>{cueMode && cue ? `Cue ${cue.index + 1}` : scene ? `Scene ${scene.number}` : 'Suggestions'}</h2>
        {cue && cue.sceneIds.length > 1 && (
          <span className="mode-switch" role="group" aria-label="Music for the scene or its whole cue (Q switches)">
            <button type="button" aria-pressed={!props.cueMode} onClick={() => props.onCueMode(false)} aria-keyshortcuts="Q">
              Scene
            </button>
            <button type="button" aria-pressed={props.cueMode} onClick={() => props.onCueMode(true)} aria-keyshortcuts="Q" data-testid="cue-mode">
              Whole cue ({plural(cue.sceneIds.length, 'scene')})
            </button>
          </span>
        )}
        <UndoButtons history={props.history} />
        {scene && (
          <span className="muted small">
            {clock(scene.startSec)}–{clock(scene.endSec)}
            {view && feels(view.sceneAffect).length > 0 && (
              <>
                {' '}
                · scene feels <strong className="scene-mood">{feels(view.sceneAffect).join(', ')}</strong>
              </>
            )}
          </span>
        )}
      </header>
      {!cueMode && view?.accepted && !view.suggestions.some((s) => s.accepted) && (
        <p className="small">
          Accepted: <strong>{view.accepted.title}</strong> ({clock(view.accepted.inSec)}–{clock(view.accepted.outSec)})
        </p>
      )}
      {cueMode && (
        <CueSuggestions
          bridge={props.bridge}
          view={props.cueView}
          selectedTrackId={props.selectedCueTrackId}
          previewingTrackId={props.previewingCueTrackId}
          onSelect={props.onSelectCueTrack}
          onPreview={props.onPreviewCue}
          onAccept={props.onAcceptCue}
          onMedia={props.onMedia}
        />
      )}
      {!cueMode && empty}
      {!cueMode && view && view.rejected.length > 0 && (
        <details className="rejected-list" data-testid="rejected-list">
          <summary>Rejected for this scene ({view.rejected.length})</summary>
          <ul>
            {view.rejected.map((r) => (
              <li key={r.trackId} data-track-id={r.trackId}>
                <span>
                  {r.title}
                  {r.artist && <span className="muted"> — {r.artist}</span>}
                  {!r.stillSuggested && <span className="muted small"> (considered again at the next suggest)</span>}
                </span>
                <button type="button" className="small-button" onClick={() => props.onRestore(r.trackId)} aria-label={`Restore ${r.title}`}>
                  <Icon name="restore" size={12} /> Restore
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="suggestion-list" hidden={cueMode}>
        {!cueMode && view?.suggestions.map((s) => (
          <SuggestionCard
            key={`${view.sceneId}-${s.trackId}`}
            ref={s.trackId === props.selectedTrackId ? selectedCard : undefined}
            bridge={props.bridge}
            suggestion={s}
            sceneAffect={view.sceneAffect}
            chartOpen={props.chartOpen}
            onToggleChart={props.onToggleChart}
            sceneSec={scene ? scene.endSec - scene.startSec : 0}
            snap={props.snap}
            onToggleSnap={props.onToggleSnap}
            onSection={(inSec, outSec) => props.onSection(s.trackId, inSec, outSec)}
            selected={s.trackId === props.selectedTrackId}
            previewing={s.trackId === props.previewingTrackId}
            onSelect={() => props.onSelect(s.trackId)}
            onPreview={() => props.onPreview(s.trackId)}
            onAccept={() => props.onAccept(s.trackId)}
            onReject={() => props.onReject(s.trackId)}
            onRate={(n) => props.onRate(s.trackId, n)}
            onMedia={props.onMedia}
          />
        ))}
      </div>
    </section>
  );
}

/** Undo and redo of the editor's decisions, named after what they take back or make again. */
function UndoButtons({ history }: { history: UndoHistory }): React.JSX.Element {
  return (
    <span className="undo-buttons">
      <button
        type="button"
        className="icon-button"
        disabled={!history.undoable}
        onClick={() => void history.undo()}
        aria-keyshortcuts="Control+Z"
        aria-label={history.undoable ? `Undo ${history.undoable.label} (Ctrl+Z)` : 'Nothing to undo'}
        title={history.undoable ? `Undo ${history.undoable.label} (Ctrl+Z)` : 'Nothing to undo'}
        data-testid="undo"
      >
        <Icon name="undo" />
      </button>
      <button
        type="button"
        className="icon-button"
        disabled={!history.redoable}
        onClick={() => void history.redo()}
        aria-keyshortcuts="Control+Shift+Z"
        aria-label={history.redoable ? `Redo ${history.redoable.label} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        title={history.redoable ? `Redo ${history.redoable.label} (Ctrl+Shift+Z)` : 'Nothing to redo'}
        data-testid="redo"
      >
        <Icon name="redo" />
      </button>
    </span>
  );
}
