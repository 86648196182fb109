import { useEffect, useMemo, useRef, useState } from 'react';
import { AFFECT_DIMENSIONS, type AffectDimension } from '../../../shared/affect';
import type { CuefinderBridge, SceneView, TrackView } from '../../../shared/contract';
import { clock, errorText, plural } from '../format';
import { feels } from '../why';
import { Icon } from './Icon';

interface LibraryBrowserProps {
  bridge: CuefinderBridge;
  /** The scene selected in the workspace: "Use on scene N" puts a track on it. */
  scene: SceneView | null;
  onUse(track: TrackView): void;
}

type SortKey = 'title' | 'artist' | 'bpm' | 'length' | 'mood' | 'like';
/** The length filter: any, long enough to carry the selected scene, or at least so many minutes. */
type LengthFilter = '' | 'scene' | '60' | '120' | '180';
const SHOWN = 150;

const cosine = (a: readonly number[], b: readonly number[]): number => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return aa && bb ? ab / Math.sqrt(aa * bb) : 0;
};

/**
 * Every track of the music folder: search (title, artist, album), filters by mood, BPM, key and
 * length (long enough for the selected scene, or a few minutes), sorting, each track's predicted mood, "more like this", audition, and "use on this scene".
 */
export function LibraryBrowser({ bridge, scene, onUse }: LibraryBrowserProps): React.JSX.Element {
  const [tracks, setTracks] = useState<readonly TrackView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [text, setText] = useState('');
  const [mood, setMood] = useState<AffectDimension | ''>('');
  const [key, setKey] = useState('');
  const [bpmMin, setBpmMin] = useState('');
  const [bpmMax, setBpmMax] = useState('');
  const [length, setLength] = useState<LengthFilter>('');
  const [sort, setSort] = useState<SortKey>('title');
  const [like, setLike] = useState<TrackView | null>(null);
  const [playing, setPlaying] = useState<number | null>(null);
  const audio = useRef<HTMLAudioElement>(null);

  useEffect(() => {
    bridge.services.library
      .tracks()
      .then(setTracks)
      .catch((err) => setError(errorText(err)));
  }, [bridge]);

  const keys = useMemo(() => [...new Set((tracks ?? []).map((t) => t.key))].sort(), [tracks]);
  const shown = useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const lo = Number(bpmMin) || 0;
    const hi = Number(bpmMax) || Infinity;
    const moodIndex = mood ? AFFECT_DIMENSIONS.indexOf(mood) : -1;
    const sceneSec = scene ? scene.endSec - scene.startSec : 0;
    const shortest = length === 'scene' ? sceneSec : Number(length) || 0;
    const list = (tracks ?? []).filter((t) => {
      const hay = `${t.title} ${t.artist ?? ''} ${t.album ?? ''} ${t.fileName}`.toLowerCase();
      return (
        words.every((w) => hay.includes(w)) &&
        t.bpm >= lo &&
        t.bpm <= hi &&
        t.durationSec >= shortest &&
        (!key || t.key === key) &&
        (moodIndex < 0 || feels(t.affect).includes(mood as AffectDimension))
      );
    });
    const by: Record<SortKey, (a: TrackView, b: TrackView) => number> = {
      title: (a, b) => a.title.localeCompare(b.title),
      artist: (a, b) => (a.artist ?? '').localeCompare(b.artist ?? '') || a.title.localeCompare(b.title),
      bpm: (a, b) => a.bpm - b.bpm,
      length: (a, b) => a.durationSec - b.durationSec,
      mood: (a, b) => (moodIndex < 0 ? 0 : (b.affect[moodIndex] ?? 0) - (a.affect[moodIndex] ?? 0)),
      like: (a, b) => (like ? cosine(b.affect, like.affect) - cosine(a.affect, like.affect) : 0),
    };
    return list.sort(by[sort]);
  }, [tracks, text, mood, key, bpmMin, bpmMax, length, scene, sort, like]);

  const audition = (t: TrackView): void => {
    const el = audio.current;
    if (!el) return;
    if (playing === t.id) {
      el.pause();
      return setPlaying(null);
    }
    el.src = bridge.mediaUrl({ kind: 'track', id: t.id });
    el.play()
      .then(() => setPlaying(t.id))
      .catch((err) => setError(`${t.title} cannot play: ${errorText(err)}`));
  };

  if (error) return <p className="error-text small">{error}</p>;
  if (!tracks) return <p className="muted small">Loading the tracks…</p>;
  return (
    <section className="library-browser" aria-label="Tracks">
      <div className="library-filters">
        <input type="search" placeholder="Search title, artist, album" aria-label="Search tracks" value={text} onChange={(e) => setText(e.target.value)} data-testid="track-search" />
        <select aria-label="Mood" value={mood} onChange={(e) => setMood(e.target.value as AffectDimension | '')} data-testid="track-mood">
          <option value="">any mood</option>
          {AFFECT_DIMENSIONS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
        <select aria-label="Key" value={key} onChange={(e) => setKey(e.target.value)}>
          <option value="">any key</option>
          {keys.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        <input type="number" aria-label="BPM from" placeholder="BPM from" value={bpmMin} onChange={(e) => setBpmMin(e.target.value)} className="bpm" />
        <input type="number" aria-label="BPM to" placeholder="to" value={bpmMax} onChange={(e) => setBpmMax(e.target.value)} className="bpm" />
        <select aria-label="Length" value={length} onChange={(e) => setLength(e.target.value as LengthFilter)} data-testid="track-length">
          <option value="">any length</option>
          {scene && <option value="scene">covers scene {scene.number} (≥ {clock(scene.endSec - scene.startSec)})</option>}
          <option value="60">≥ 1 min</option>
          <option value="120">≥ 2 min</option>
          <option value="180">≥ 3 min</option>
        </select>
        <select aria-label="Sort by" value={sort} onChange={(e) => setSort(e.target.value as SortKey)} data-testid="track-sort">
          <option value="title">title</option>
          <option value="artist">artist</option>
          <option value="bpm">BPM</option>
          <option value="length">length</option>
          <option value="mood" disabled={!mood}>
            mood strength
          </option>
          <option value="like" disabled={!like}>
            {like ? `like “${like.title}”` : 'more like a track'}
          </option>
        </select>
      </div>
      <p className="small muted" data-testid="track-count">
        {plural(shown.length, 'track')} of {tracks.length}
        {shown.length > SHOWN && ` (the first ${SHOWN} shown: narrow the search)`}
      </p>
      <ul className="track-list">
        {shown.slice(0, SHOWN).map((t) => (
          <li key={t.id} data-track-id={t.id}>
            <div className="track-main">
              <strong>{t.title}</strong>
              {t.artist && <span className="muted"> — {t.artist}</span>}
              {t.album && <span className="muted small"> · {t.album}</span>}
              <div className="small muted">
                {Math.round(t.bpm)} BPM · {t.key} · {clock(t.durationSec)}
                {t.affect.length > 0 && (
                  <>
                    {' · feels '}
                    <span className="track-mood">{feels(t.affect).join(', ') || 'nothing strong'}</span>
                  </>
                )}
              </div>
            </div>
            <div className="track-actions">
              <button type="button" className="small-button" onClick={() => audition(t)} aria-label={`${playing === t.id ? 'Stop' : 'Play'} ${t.title}`}>
                <Icon name={playing === t.id ? 'stop' : 'play'} size={12} />
              </button>
              <button
                type="button"
                className="small-button"
                disabled={t.affect.length === 0}
                title={t.affect.length === 0 ? 'No predicted mood yet: suggest once to compute it' : undefined}
                onClick={() => {
                  setLike(t);
                  setSort('like');
                }}
              >
                More like this
              </button>
              <button
                type="button"
                className="small-button"
                disabled={!scene}
                title={scene ? undefined : 'Select a scene in the project first'}
                onClick={() => onUse(t)}
                aria-label={scene ? `Use ${t.title} on scene ${scene.number}` : `Use ${t.title} on a scene`}
              >
                Use on scene {scene?.number ?? ''}
              </button>
            </div>
          </li>
        ))}
      </ul>
      <audio ref={audio} onEnded={() => setPlaying(null)} onPause={() => setPlaying(null)} data-testid="library-audio" />
    </section>
  );
}
