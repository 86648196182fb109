import { useEffect, useState, type Ref } from 'react';
import type { SceneView, VideoView } from '../../../shared/contract';
import { rateToFps } from '../../../shared/time';
import { clock, plural, timecode } from '../format';
import type { Audition, Mix, SceneSound } from '../hooks/useAudition';
import { GuardedButton } from './GuardedButton';
import { Icon } from './Icon';

interface PlayerProps {
  videoRef: Ref<HTMLVideoElement>;
  video: VideoView;
  src: string;
  scene: SceneView | null;
  audition: Audition | null;
  mix: Mix;
  onSceneSound(mode: SceneSound): void;
  onMusicLevel(level: number): void;
  onDuckedLevel(level: number): void;
  onTogglePlay(): void;
  onPreviousScene(): void;
  onNextScene(): void;
  onStopAudition(): void;
  /** Reports the picture position as it plays or is scrubbed. */
  onTime(sec: number): void;
  time: number;
  /** Why the scene cannot be cut at the playhead now; null when it can. */
  splitBlocked: string | null;
  /** Why the selected scene cannot be joined to the one before it; null when it can. */
  joinBlocked: string | null;
  onBlocked(reason: string): void;
  onSplit(): void;
  onJoin(): void;
  /** The picture cannot be shown, in words (format not supported, file gone …). */
  onPictureError(message: string): void;
}

/** The picture with its transport: play, scene jumps, timecode, and a scrub bar marked with the scenes. */
export function Player(props: PlayerProps): React.JSX.Element {
  const { video, scene, audition, time, onTime } = props;
  const [playing, setPlaying] = useState(false);
  const [element, setElement] = useState<HTMLVideoElement | null>(null);
  const fps = rateToFps(video.rate);

  useEffect(() => {
    if (!element) return;
    const sync = (): void => {
      setPlaying(!element.paused);
      onTime(element.currentTime);
    };
    const events = ['play', 'pause', 'timeupdate', 'seeked', 'loadedmetadata'];
    events.forEach((e) => element.addEventListener(e, sync));
    return () => events.forEach((e) => element.removeEventListener(e, sync));
  }, [element, onTime]);

  const { onPictureError } = props;
  useEffect(() => {
    if (!element) return;
    const failed = (): void => {
      const code = element.error?.code;
      onPictureError(
        code === MediaError.MEDIA_ERR_SRC_NOT_SUPPORTED || code === MediaError.MEDIA_ERR_DECODE
          ? `${video.name} cannot be played in this window: the browser does not decode its format${video.playback === 'pending' ? ', and its playable proxy is not ready (it is made while the project is analysed)' : ''}.`
          : `${video.name} could not be loaded: ${element.error?.message || 'the file may have been moved or deleted since it was analysed'}.`,
      );
    };
    element.addEventListener('error', failed);
    return () => element.removeEventListener('error', failed);
  }, [element, video, onPictureError]);

  const attach = (el: HTMLVideoElement | null): void => {
    setElement(el);
    const ref = props.videoRef;
    if (typeof ref === 'function') ref(el);
    else if (ref) (ref as React.RefObject<HTMLVideoElement | null>).current = el;
  };

  return (
    <section className="player" aria-label="Player">
      <div className="picture">
        <video ref={attach} src={props.src} preload="auto" playsInline aria-label={`Picture: ${video.name}`} data-testid="picture" />
        {audition && (
          <div className="audition-badge" role="status" data-status={audition.status}>
            <Icon name="note" />{' '}
            {audition.cue
              ? `${audition.status === 'starting' ? 'Cueing' : 'Playing'} cue ${audition.cue.index + 1} (${plural(audition.cue.sceneCount, 'scene')}) with “${audition.title}”`
              : `${audition.status === 'starting' ? 'Cueing' : 'Previewing'} “${audition.title}” with scene`}
            <button type="button" className="link-button" onClick={props.onStopAudition}>
              Stop
            </button>
          </div>
        )}
      </div>
      <div className="scrub">
        <div className="scene-marks" aria-hidden="true">
          {video.scenes.map((s) => (
            <span
              key={s.id}
              className={`scene-mark${s.id === scene?.id ? ' current' : ''}${s.accepted ? ' accepted' : ''}`}
              style={{ left: `${(s.startSec / video.durationSec) * 100}%`, width: `${((s.endSec - s.startSec) / video.durationSec) * 100}%` }}
            />
          ))}
        </div>
        <input
          type="range"
          min={0}
          max={video.durationSec}
          step={1 / fps}
          value={Math.min(time, video.durationSec)}
          aria-label={`Position in ${video.name}`}
          aria-valuetext={timecode(time, video.rate)}
          onChange={(e) => {
            if (element) element.currentTime = Number(e.target.value);
          }}
        />
      </div>
      <div className="transport">
        <button type="button" className="icon-button" aria-label="Previous scene (Up arrow)" onClick={props.onPreviousScene}>
          <SkipIcon direction="back" />
        </button>
        <button type="button" className="icon-button play" aria-label={playing ? 'Pause (Space)' : 'Play (Space)'} onClick={props.onTogglePlay}>
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button type="button" className="icon-button" aria-label="Next scene (Down arrow)" onClick={props.onNextScene}>
          <SkipIcon direction="forward" />
        </button>
        {video.playback !== 'original' && (
          <span
            className={`playback-badge ${video.playback}`}
            data-testid="playback"
            title={
              video.playback === 'proxy'
                ? `${video.name} is in a format browsers cannot play: you see a proxy (an H.264 copy made during analysis). Exports use the original.`
                : `${video.name} may not play here: its playable proxy is not ready (still analysing) or could not be made.`
            }
          >
            <Icon name="proxy" /> {video.playback === 'proxy' ? 'Proxy' : 'No proxy yet'}
          </span>
        )}
        <output className="timecode" aria-label="Timecode" data-testid="timecode">
          {timecode(time, video.rate)}
        </output>
        <span className="muted">/ {timecode(video.durationSec, video.rate)}</span>
        {scene && (
          <span className="scene-label">
            Scene {scene.number} · {clock(scene.startSec)}–{clock(scene.endSec)}
          </span>
        )}
        <GuardedButton className="small-button" onClick={props.onSplit} blocked={props.splitBlocked} onBlocked={props.onBlocked} keyshortcuts="S">
          <Icon name="scissors" /> Split here <kbd>S</kbd>
        </GuardedButton>
        <GuardedButton className="small-button" onClick={props.onJoin} blocked={props.joinBlocked} onBlocked={props.onBlocked} keyshortcuts="M">
          <Icon name="join" /> Join previous <kbd>M</kbd>
        </GuardedButton>
        <div className="mix" role="group" aria-label="Preview mix">
          <label className="mix-level">
            <span>Music</span>
            <input
              type="range"
              min={0}
              max={100}
              step={5}
              value={Math.round(props.mix.music * 100)}
              aria-valuetext={`${Math.round(props.mix.music * 100)} %`}
              onChange={(e) => props.onMusicLevel(Number(e.target.value) / 100)}
              data-testid="mix-music"
            />
            <output>{Math.round(props.mix.music * 100)}%</output>
          </label>
          <label className="sound-mode">
            <span>Scene sound</span>
            <select value={props.mix.sceneSound} onChange={(e) => props.onSceneSound(e.target.value as SceneSound)} data-testid="mix-mode">
              <option value="duck">ducked to</option>
              <option value="mute">muted</option>
            </select>
          </label>
          <label className="mix-level">
            <span className="visually-hidden">Scene sound level under music</span>
            <input
              type="range"
              min={0}
              max={100}
              step={5}
              value={Math.round(props.mix.ducked * 100)}
              disabled={props.mix.sceneSound === 'mute'}
              aria-valuetext={`${Math.round(props.mix.ducked * 100)} %`}
              onChange={(e) => props.onDuckedLevel(Number(e.target.value) / 100)}
              data-testid="mix-scene"
            />
            <output>{props.mix.sceneSound === 'mute' ? '–' : `${Math.round(props.mix.ducked * 100)}%`}</output>
          </label>
        </div>
      </div>
    </section>
  );
}

function SkipIcon({ direction }: { direction: 'back' | 'forward' }): React.JSX.Element {
  return (
    <svg width="14" height="12" viewBox="0 0 14 12" aria-hidden="true" style={{ transform: direction === 'back' ? 'scaleX(-1)' : undefined }}>
      <path d="M1 1 L9 6 L1 11 Z M10 1 H13 V11 H10 Z" fill="currentColor" />
    </svg>
  );
}
