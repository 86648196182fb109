import { useEffect, useRef } from 'react';
import type { CuefinderBridge, SceneView } from '../../../shared/contract';
import { clock } from '../format';
import { Icon, type IconName } from './Icon';

interface SceneStripProps {
  bridge: CuefinderBridge;
  scenes: readonly SceneView[];
  selectedId: number | null;
  onSelect(scene: SceneView): void;
}

/** How a scene begins, in words (for its label) and as a mark (on its tile); a plain cut or the video's start has none. */
const BEGINS: Partial<Record<SceneView['transitionIn'], { words: string; mark: IconName }>> = {
  fade: { words: 'after a fade', mark: 'fade' },
  dissolve: { words: 'after a dissolve', mark: 'dissolve' },
  edit: { words: 'at your cut', mark: 'scissors' },
};

/** Every scene of the project in order, as keyframe thumbnails; accepted ones carry their track. */
export function SceneStrip({ bridge, scenes, selectedId, onSelect }: SceneStripProps): React.JSX.Element {
  const selected = useRef<HTMLButtonElement>(null);
  // A block body: scrollIntoView returns a promise in newer browsers, which React would take for a cleanup.
  useEffect(() => {
    selected.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [selectedId]);
  return (
    <nav className="scene-strip" aria-label="Scenes">
      <ol>
        {scenes.map((s) => {
          const isSelected = s.id === selectedId;
          return (
            <li key={s.id}>
              <button
                ref={isSelected ? selected : undefined}
                type="button"
                className={`scene-tile${isSelected ? ' selected' : ''}${s.accepted ? ' accepted' : ''}`}
                aria-current={isSelected ? 'true' : undefined}
                aria-label={`Scene ${s.number}, ${clock(s.startSec)} to ${clock(s.endSec)}${BEGINS[s.transitionIn] ? `, ${BEGINS[s.transitionIn]!.words}` : ''}${s.accepted ? `, music accepted: ${s.accepted.title}` : `, ${s.suggestionCount} suggestions`}`}
                data-scene-id={s.id}
                onClick={() => onSelect(s)}
              >
                {s.hasThumbnail ? <img src={bridge.mediaUrl({ kind: 'thumb', id: s.id, rev: `${s.videoId}:${s.startFrame}-${s.endFrame}` })} alt="" loading="lazy" /> : <span className="no-thumb" />}
                <span className="scene-caption">
                  <strong>{s.number}</strong> {clock(s.endSec - s.startSec)}
                  {BEGINS[s.transitionIn] && (
                    <span className="scene-begins" title={`Begins ${BEGINS[s.transitionIn]!.words}`} aria-hidden="true">
                      {' '}
                      <Icon name={BEGINS[s.transitionIn]!.mark} size={12} />
                    </span>
                  )}
                </span>
                {s.accepted && (
                  <span className="accepted-badge" title={s.accepted.title}>
                    <Icon name="check" size={11} /> {s.accepted.title}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
