import { forwardRef, useEffect, useRef } from 'react';
import type { CuefinderBridge, CueSuggestionsView, CueSuggestionView } from '../../../shared/contract';
import { clock, plural } from '../format';
import { PreviewAndAccept } from './PreviewAndAccept';
import { SuggestionHead } from './SuggestionHead';
import { Waveform } from './Waveform';

interface CueSuggestionsProps {
  bridge: CuefinderBridge;
  view: CueSuggestionsView | null;
  selectedTrackId: number | null;
  previewingTrackId: number | null;
  onSelect(trackId: number): void;
  onPreview(trackId: number): void;
  onAccept(trackId: number): void;
  onMedia(trackId: number, media: HTMLAudioElement, present: boolean): void;
}

/**
 * Music for the whole cue of the selected scene: tracks ranked for its scenes together (the mean
 * of the scenes' own scores, weighted by their length), each with a section as long as the cue.
 * Accepting one lays it across every scene of the cue; previewing plays the cue through its cuts
 * with the track running on.
 */
export function CueSuggestions(props: CueSuggestionsProps): React.JSX.Element {
  const { view } = props;
  const selectedCard = useRef<HTMLElement>(null);
  useEffect(() => {
    selectedCard.current?.scrollIntoView({ block: 'nearest' });
  }, [props.selectedTrackId]);
  if (!view) return <p className="muted">Ranking music for the cue…</p>;
  const cueSec = view.cue.endSec - view.cue.startSec;
  return (
    <div className="suggestion-list" data-testid="cue-suggestions">
      <p className="small muted cue-summary">
        Cue {view.cue.index + 1}: {plural(view.cue.sceneIds.length, 'scene')}, {clock(cueSec)}
        {view.cue.accepted ? (
          <>
            {' '}
            · carried by <strong className="track-mood">{view.cue.accepted.title}</strong>
            {view.cue.accepted.scenes < view.cue.sceneIds.length && ` on ${view.cue.accepted.scenes} of its scenes`}
          </>
        ) : (
          ' · no music yet'
        )}
      </p>
      {view.suggestions.length === 0 && <p className="muted">No suggestions for the scenes of this cue yet.</p>}
      {view.suggestions.map((s) => (
        <CueCard
          key={`${view.cue.sceneIds[0]}-${s.trackId}`}
          ref={s.trackId === props.selectedTrackId ? selectedCard : undefined}
          bridge={props.bridge}
          suggestion={s}
          sceneCount={view.cue.sceneIds.length}
          selected={s.trackId === props.selectedTrackId}
          previewing={s.trackId === props.previewingTrackId}
          onSelect={() => props.onSelect(s.trackId)}
          onPreview={() => props.onPreview(s.trackId)}
          onAccept={() => props.onAccept(s.trackId)}
          onMedia={props.onMedia}
        />
      ))}
    </div>
  );
}

interface CueCardProps {
  bridge: CuefinderBridge;
  suggestion: CueSuggestionView;
  sceneCount: number;
  selected: boolean;
  previewing: boolean;
  onSelect(): void;
  onPreview(): void;
  onAccept(): void;
  onMedia(trackId: number, media: HTMLAudioElement, present: boolean): void;
}

const CueCard = forwardRef<HTMLElement, CueCardProps>(function CueCard(props, ref) {
  const { suggestion: s, selected } = props;
  const who = s.artist ? `${s.title} — ${s.artist}` : s.title;
  return (
    <article
      ref={ref}
      tabIndex={0}
      className={`suggestion cue-suggestion${selected ? ' selected' : ''}${s.accepted ? ' accepted' : ''}`}
      aria-label={`Cue suggestion ${s.rank + 1}: ${who}, match ${s.score.toFixed(1)} of 5${s.accepted ? ', accepted for the cue' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-track-id={s.trackId}
      onFocus={props.onSelect}
      onClick={props.onSelect}
    >
      <SuggestionHead
        track={s}
        scoreTitle="The cue's match score: the scenes' own scores, weighted by their length (1–5)"
        scoreLabel="Cue match score"
        acceptedTag={s.accepted ? 'Carries the cue' : undefined}
      />
      <Waveform bridge={props.bridge} trackId={s.trackId} inSec={s.inSec} outSec={s.outSec} label={s.title} onMedia={props.onMedia} />
      <p className="why small muted">
        suggested for {s.suggestedFor} of the cue’s {plural(props.sceneCount, 'scene')}
      </p>
      <div className="suggestion-actions">
        <PreviewAndAccept
          previewing={props.previewing}
          onPreview={props.onPreview}
          onAccept={props.onAccept}
          accepted={s.accepted}
          selected={selected}
          previewLabel="Play the cue through its cuts with this track"
          previewText="Play the cue"
          stopLabel="Stop playing the cue"
          acceptText="Accept for the cue"
        />
      </div>
    </article>
  );
});
