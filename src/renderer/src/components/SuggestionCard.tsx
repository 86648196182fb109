import { forwardRef } from 'react';
import { MATCH_SCALE } from '../../../shared/affect';
import type { CuefinderBridge, SuggestionView } from '../../../shared/contract';
import { feels, reason } from '../why';
import { AffectChart } from './AffectChart';
import { Waveform } from './Waveform';
import { Icon } from './Icon';
import { PreviewAndAccept } from './PreviewAndAccept';
import { SuggestionHead } from './SuggestionHead';

interface SuggestionCardProps {
  bridge: CuefinderBridge;
  suggestion: SuggestionView;
  sceneAffect: readonly number[];
  chartOpen: boolean;
  onToggleChart(): void;
  /** The scene's length, for the cut marker on the selected card's waveform. */
  sceneSec: number;
  snap: boolean;
  onToggleSnap(): void;
  onSection(inSec: number, outSec: number): void;
  selected: boolean;
  previewing: boolean;
  onSelect(): void;
  onPreview(): void;
  onAccept(): void;
  onReject(): void;
  onRate(score: number): void;
  onMedia(trackId: number, media: HTMLAudioElement, present: boolean): void;
}

const RATINGS = [1, 2, 3, 4, 5] as const;

/** One suggested track for the scene: why it fits, where the section is, and the editor's verdict. */
export const SuggestionCard = forwardRef<HTMLElement, SuggestionCardProps>(function SuggestionCard(props, ref) {
  const { suggestion: s, selected } = props;
  const who = s.artist ? `${s.title} — ${s.artist}` : s.title;
  return (
    <article
      ref={ref}
      tabIndex={0}
      className={`suggestion${selected ? ' selected' : ''}${s.accepted ? ' accepted' : ''}`}
      aria-label={`Suggestion ${s.rank + 1}: ${who}, match ${s.score.toFixed(1)} of 5${s.accepted ? ', accepted' : ''}`}
      aria-current={selected ? 'true' : undefined}
      data-track-id={s.trackId}
      onFocus={props.onSelect}
      onClick={props.onSelect}
    >
      <SuggestionHead
        track={s}
        meta={
          s.continuesFromPrevious && (
            <>
              {' · '}
              <Icon name="continues" size={12} /> continues from the previous scene
            </>
          )
        }
        scoreTitle="The model's match score on the 1–5 scale"
        scoreLabel="Match score"
        acceptedTag={s.accepted ? 'Accepted' : undefined}
      />
      <Waveform
        bridge={props.bridge}
        trackId={s.trackId}
        inSec={s.inSec}
        outSec={s.outSec}
        label={s.title}
        onMedia={props.onMedia}
        edit={selected ? { sceneSec: props.sceneSec, snap: props.snap, onToggleSnap: props.onToggleSnap, onSection: props.onSection } : undefined}
      />
      <p className="why small" data-testid="why">
        {feels(s.trackAffect).length > 0 && (
          <span className="track-mood-line">
            track feels <strong className="track-mood">{feels(s.trackAffect).join(', ')}</strong>
          </span>
        )}
        {feels(s.trackAffect).length > 0 && ' — '}
        <span className="reason" title={reason(props.sceneAffect, s.trackAffect, s.agree, s.clash)}>
          {reason(props.sceneAffect, s.trackAffect, s.agree, s.clash)}
        </span>
      </p>
      <div className="suggestion-actions">
        <PreviewAndAccept
          previewing={props.previewing}
          onPreview={props.onPreview}
          onAccept={props.onAccept}
          accepted={s.accepted}
          selected={selected}
          previewLabel="Preview with the scene"
          previewText="Preview"
          stopLabel="Stop the preview"
          acceptText="Accept"
        />
        <button type="button" onClick={props.onReject} aria-keyshortcuts="R">
          <Icon name="cross" /> Reject <kbd>R</kbd>
        </button>
        {selected && (
          <div className="rating" role="group" aria-label={`Your rating${s.rating ? `: ${s.rating} of 5` : ''}`}>
            {RATINGS.map((n) => (
              <button
                key={n}
                type="button"
                className={`star${s.rating !== null && n <= s.rating ? ' on' : ''}`}
                aria-pressed={s.rating === n}
                aria-label={`Rate ${n} of 5: ${MATCH_SCALE[n]}`}
                aria-keyshortcuts={String(n)}
                onClick={() => props.onRate(n)}
              >
                <Icon name="star" />
              </button>
            ))}
          </div>
        )}
      </div>
      {selected && (
        <button
          type="button"
          className="link-button chart-toggle"
          aria-expanded={props.chartOpen}
          aria-keyshortcuts="C"
          onClick={(e) => {
            e.stopPropagation();
            props.onToggleChart();
          }}
        >
          {props.chartOpen ? 'Hide the mood chart' : 'Mood chart: scene and music on 16 moods'} <kbd>C</kbd>
        </button>
      )}
      {selected && props.chartOpen && <AffectChart scene={props.sceneAffect} track={s.trackAffect} agree={s.agree} clash={s.clash} />}
    </article>
  );
});
