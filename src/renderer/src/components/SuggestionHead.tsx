import type { ReactNode } from 'react';
import { clock } from '../format';
import { Icon } from './Icon';

interface SuggestionHeadProps {
  track: { readonly rank: number; readonly title: string; readonly artist: string | null; readonly bpm: number; readonly key: string; readonly inSec: number; readonly outSec: number; readonly score: number };
  /** More of the meta line after the section (a scene's "continues from the previous scene"). */
  meta?: ReactNode;
  /** What the score is, for its tooltip and its spoken label. */
  scoreTitle: string;
  scoreLabel: string;
  /** The tag under the title when the editor took the track ("Accepted", "Carries the cue"); none when not. */
  acceptedTag?: string;
}

/** The head of a suggestion card, for a scene's and for a cue's: rank, title and artist on one line, tempo, key and section, and the score. */
export function SuggestionHead({ track: s, meta, scoreTitle, scoreLabel, acceptedTag }: SuggestionHeadProps): React.JSX.Element {
  const who = s.artist ? `${s.title} — ${s.artist}` : s.title;
  return (
    <header className="suggestion-head">
      <span className="rank">{s.rank + 1}</span>
      <div className="suggestion-title">
        <div className="title-line" title={who}>
          <strong>{s.title}</strong>
          {s.artist && <span className="muted"> — {s.artist}</span>}
        </div>
        <div className="meta small muted">
          {Math.round(s.bpm)} BPM · {s.key} · section {clock(s.inSec)}–{clock(s.outSec)}
          {meta}
        </div>
      </div>
      <div className="score" title={scoreTitle}>
        <meter min={1} max={5} low={2.5} high={3.5} optimum={5} value={s.score} aria-label={scoreLabel} />
        <span>{s.score.toFixed(1)}</span>
      </div>
      {acceptedTag && (
        <span className="accepted-tag">
          <Icon name="check" size={12} /> {acceptedTag}
        </span>
      )}
    </header>
  );
}
