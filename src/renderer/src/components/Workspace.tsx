import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CuefinderBridge, DetectionSettings, JobInfo, ProjectView, SceneSuggestionsView, SceneView } from '../../../shared/contract';
import { rateToFps, secondsToFrames } from '../../../shared/time';
import { errorText, timecode } from '../format';
import { isAppKey } from '../keys';
import { DEFAULT_MIX, useAudition, type SceneSound } from '../hooks/useAudition';
import { useStoredState } from '../hooks/useStoredState';
import { useUndo } from '../hooks/useUndo';
import type { NoticeScope } from '../hooks/useNotices';
import { DetectionControl } from './DetectionControl';
import { JobProgress, SkippedFiles } from './ProjectStatus';
import { Player } from './Player';
import { SceneStrip } from './SceneStrip';
import { SuggestionsPanel } from './SuggestionsPanel';
import { Timeline } from './Timeline';
import { loadPeaks } from './Waveform';
import { shiftedSection } from '../section';

interface WorkspaceProps {
  bridge: CuefinderBridge;
  project: ProjectView;
  hasLibrary: boolean;
  suggestJob: JobInfo | null;
  analyzeJob: JobInfo | null;
  suggestionsVersion: number;
  /** While a dialog is open the workspace's keys are off. */
  keysEnabled: boolean;
  onError(err: unknown, scope?: NoticeScope): void;
  /** The thing a notice of this scope was about works again. */
  onErrorGone(scope: NoticeScope): void;
  /** The selected scene, for the library browser's "use on this scene". */
  onSelectScene(scene: SceneView | null): void;
  onExport(): void;
  onOpenProject(): void;
  onOpenLibrary(): void;
  onHelp(): void;
}

const JUMP_BACK_SEC = 5;
const MAX_RATE = 4;

/**
 * The project view: picture and transport, the scene strip, and the selected scene's suggestions,
 * with the whole main job on the keyboard.
 */
export function Workspace(props: WorkspaceProps): React.JSX.Element {
  const { bridge, project, onError, onErrorGone } = props;
  const scenes = useMemo(() => project.videos.flatMap((v) => v.scenes), [project]);
  const [sceneId, setSceneId] = useState<number | null>(scenes[0]?.id ?? null);
  const [view, setView] = useState<SceneSuggestionsView | null>(null);
  const [trackId, setTrackId] = useState<number | null>(null);
  const [time, setTime] = useState(0);
  const [sceneSound, setSceneSound] = useStoredState<SceneSound>('cuefinder.mix.sceneSound', DEFAULT_MIX.sceneSound);
  const [musicLevel, setMusicLevel] = useStoredState<number>('cuefinder.mix.music', DEFAULT_MIX.music);
  const [duckedLevel, setDuckedLevel] = useStoredState<number>('cuefinder.mix.ducked', DEFAULT_MIX.ducked);
  const mix = useMemo(() => ({ sceneSound, music: musicLevel, ducked: duckedLevel }), [sceneSound, musicLevel, duckedLevel]);
  const [chartOpen, setChartOpen] = useStoredState<boolean>('cuefinder.chartOpen', false);
  const toggleChart = (): void => setChartOpen(!chartOpen);
  const [snap, setSnap] = useStoredState<boolean>('cuefinder.snapToBars', true);
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const media = useRef(new Map<number, HTMLAudioElement>());
  const selectionScene = useRef<number | null>(null);
  /** Where the selection belongs (a video and a moment in it): re-analysis replaces scenes, and this finds the one that took its place. */
  const anchor = useRef<{ videoId: number; sec: number } | null>(null);
  /** Anchors the selection just after `sec` (a scene's first frame belongs to it). */
  const anchorAt = (videoId: number, sec: number): void => {
    anchor.current = { videoId, sec: sec + 0.001 };
  };

  const scene = scenes.find((s) => s.id === sceneId) ?? scenes[0] ?? null;
  const video = project.videos.find((v) => v.id === scene?.videoId) ?? project.videos[0] ?? null;
  const fps = video ? rateToFps(video.rate) : 25;
  const { onSelectScene } = props;
  const onPictureError = useCallback((message: string) => onError(new Error(message), 'picture'), [onError]);
  useEffect(() => onSelectScene(scene), [scene, onSelectScene]);

  const onMedia = useCallback((id: number, el: HTMLAudioElement, present: boolean) => {
    if (present) media.current.set(id, el);
    else if (media.current.get(id) === el) media.current.delete(id);
  }, []);
  const { audition, start, stop } = useAudition(
    useCallback(() => videoRef.current, []),
    useCallback((id: number) => media.current.get(id) ?? null, []),
    mix,
  );

  // After re-analysis (a split, a join, new detection) the selection moves to the scene now at its
  // anchor; the first scene when there is none.
  useEffect(() => {
    const at = anchor.current;
    const current = scenes.find((s) => s.id === sceneId);
    if (current && (!at || (current.videoId === at.videoId && at.sec >= current.startSec && at.sec < current.endSec))) return;
    const there = at && scenes.find((s) => s.videoId === at.videoId && at.sec >= s.startSec && at.sec < s.endSec);
    setSceneId(there?.id ?? scenes[0]?.id ?? null);
  }, [scenes, sceneId]);

  // The selected scene's suggestions, reloaded whenever suggestions change anywhere.
  const shownSceneId = scene?.id ?? null;
  useEffect(() => {
    if (shownSceneId === null) return setView(null);
    let current = true;
    bridge.services.suggestions
      .forScene(shownSceneId)
      .then((v) => {
        if (!current) return;
        // A reload of the same scene keeps the selection; another scene starts at its top suggestion.
        const sameScene = selectionScene.current === v.sceneId;
        selectionScene.current = v.sceneId;
        setView(v);
        setTrackId((t) => (sameScene && v.suggestions.some((s) => s.trackId === t) ? t : (v.suggestions[0]?.trackId ?? null)));
        onErrorGone('scene');
      })
      .catch((err) => current && onError(err, 'scene'));
    return () => {
      current = false;
    };
  }, [bridge, shownSceneId, props.suggestionsVersion, onError, onErrorGone]);

  // Selecting a scene cues the picture to its first frame.
  const cueScene = useCallback(
    (s: SceneView) => {
      stop();
      anchorAt(s.videoId, s.startSec);
      setSceneId(s.id);
      const el = videoRef.current;
      if (!el) return;
      const seek = (): void => {
        el.currentTime = s.startSec + 0.001;
      };
      if (el.readyState >= HTMLMediaElement.HAVE_METADATA && new URL(el.src).pathname.endsWith(`/video/${s.videoId}`)) seek();
      else el.addEventListener('loadedmetadata', seek, { once: true });
    },
    [stop],
  );

  // Plain playback carries the selection along when the picture crosses a cut.
  const onTime = useCallback(
    (sec: number) => {
      setTime(sec);
      const el = videoRef.current;
      if (!el || el.paused || audition || !scene) return;
      if (sec < scene.startSec || sec >= scene.endSec) {
        const here = scenes.find((s) => s.videoId === scene.videoId && sec >= s.startSec && sec < s.endSec);
        if (here && here.id !== scene.id) {
          anchorAt(here.videoId, here.startSec);
          setSceneId(here.id);
        }
      }
    },
    [audition, scene, scenes],
  );

  const selected = view?.suggestions.find((s) => s.trackId === trackId) ?? null;
  /** Runs a decision; resolves true when it was made (the view then shows it). */
  const act = useCallback(
    (p: Promise<SceneSuggestionsView>): Promise<boolean> =>
      p
        .then((v) => {
          setView((shown) => (shown === null || shown.sceneId === v.sceneId ? v : shown));
          onErrorGone('action');
          return true;
        })
        .catch((err) => {
          onError(err, 'action');
          return false;
        }),
    [onError, onErrorGone],
  );
  const history = useUndo(useCallback((err: unknown) => onError(err, 'action'), [onError]));
  const scenesNow = useRef(scenes);
  scenesNow.current = scenes;
  /** Shows the scene an undone or redone decision belongs to, when it still exists. */
  const reveal = (id: number): void => {
    const s = scenesNow.current.find((x) => x.id === id);
    if (s && s.id !== selectionScene.current) cueSceneRef.current(s);
  };
  const cueSceneRef = useRef(cueScene);
  cueSceneRef.current = cueScene;
  const titleOf = (id: number): string => view?.suggestions.find((s) => s.trackId === id)?.title ?? view?.rejected.find((r) => r.trackId === id)?.title ?? `track ${id}`;
  /** A decision on the selected scene, recorded for undo once the service made it. */
  const decide = (label: string, made: () => Promise<SceneSuggestionsView>, takenBack: () => Promise<unknown>): void => {
    if (!scene) return;
    const sceneId = scene.id;
    void act(made()).then((ok) => {
      if (!ok) return;
      history.push({
        label,
        undo: () => {
          reveal(sceneId);
          return takenBack();
        },
        redo: () => {
          reveal(sceneId);
          return made();
        },
      });
    });
  };
  const svc = bridge.services.suggestions;

  const moveScene = (step: number): void => {
    if (!scene) return;
    const next = scenes[scenes.indexOf(scene) + step];
    if (next) cueScene(next);
  };
  const moveSuggestion = (step: number): void => {
    if (!view?.suggestions.length) return;
    const i = view.suggestions.findIndex((s) => s.trackId === trackId);
    const next = view.suggestions[Math.max(0, Math.min(view.suggestions.length - 1, i + step))];
    setTrackId(next.trackId);
  };
  const togglePreview = (id: number | null = trackId): void => {
    const s = view?.suggestions.find((x) => x.trackId === id);
    if (!s || !scene) return;
    if (audition?.trackId === s.trackId) return stop();
    setTrackId(s.trackId);
    start({ sceneId: scene.id, sceneStartSec: scene.startSec, sceneEndSec: scene.endSec, trackId: s.trackId, title: s.title, inSec: s.inSec })
      .then(() => onErrorGone('picture'))
      .catch((err) => onError(err, 'picture'));
  };
  const togglePlay = (): void => {
    const el = videoRef.current;
    if (!el) return;
    if (audition) return stop();
    if (el.paused)
      el.play()
        .then(() => onErrorGone('picture'))
        .catch((err) => onError(new Error(`The picture cannot play: ${errorText(err)}`), 'picture'));
    else el.pause();
  };
  const accept = (id = trackId): void => {
    if (!scene || id === null) return;
    const sceneId = scene.id;
    const before = view?.accepted?.trackId ?? null;
    if (before === id) return;
    decide(`accept “${titleOf(id)}”`, () => svc.accept(sceneId, id), () => (before === null ? svc.clearAccepted(sceneId) : svc.accept(sceneId, before)));
  };
  const reject = (id = trackId): void => {
    if (!scene || id === null) return;
    if (audition?.trackId === id) stop();
    const i = view?.suggestions.findIndex((s) => s.trackId === id) ?? -1;
    const neighbour = view?.suggestions[i + 1] ?? view?.suggestions[i - 1];
    setTrackId(neighbour?.trackId ?? null);
    const sceneId = scene.id;
    const wasAccepted = view?.accepted?.trackId === id;
    decide(
      `reject “${titleOf(id)}”`,
      () => svc.reject(sceneId, id),
      async () => {
        await svc.restore(sceneId, id);
        if (wasAccepted) await svc.accept(sceneId, id);
      },
    );
  };
  /** The editor's own section of a track for the selected scene (accepts it); undo gives back the decision before. */
  const setSection = (id: number, inSec: number, outSec: number): void => {
    if (!scene) return;
    const sceneId = scene.id;
    const before = view?.accepted ?? null;
    decide(
      `section of “${titleOf(id)}”`,
      () => svc.setSection(sceneId, id, inSec, outSec),
      () => (before ? svc.setSection(sceneId, before.trackId, before.inSec, before.outSec) : svc.clearAccepted(sceneId)),
    );
  };
  /** Moves the selected suggestion's section by whole bars (its length kept). */
  const shiftSection = (step: number): void => {
    const s = selected;
    if (!s) return;
    loadPeaks(bridge, s.trackId)
      .then((w) => {
        const next = shiftedSection(s.inSec, s.outSec, w.bars, w.durationSec, step);
        if (next.inSec !== s.inSec) setSection(s.trackId, next.inSec, next.outSec);
      })
      .catch((err) => onError(err, 'action'));
  };
  const restore = (id: number): void => {
    if (!scene) return;
    const sceneId = scene.id;
    decide(`restore “${titleOf(id)}”`, () => svc.restore(sceneId, id), () => svc.reject(sceneId, id));
  };
  const rate = (score: number, id = trackId): void => {
    if (!scene || id === null) return;
    const sceneId = scene.id;
    const before = view?.suggestions.find((s) => s.trackId === id)?.rating ?? null;
    if (before === score) return;
    decide(`rate “${titleOf(id)}” ${score} of 5`, () => svc.rate(sceneId, id, score), () => svc.rate(sceneId, id, before));
  };
  // The editor's corrections to the detected scenes: a cut at the picture's current frame, and the
  // selected scene joined to the one before it. The video is analysed again; the selection follows.
  // The frame is the one the timecode shows (shared/time's floor), read from the picture itself at
  // the moment of the key: a seek just made may not have reached the state yet.
  const frameAt = (sec: number): number => (video ? secondsToFrames(Math.max(0, sec), video.rate, 'floor') : -1);
  const sceneToSplit = (frame: number): SceneView | null =>
    scenes.find((s) => s.videoId === video?.id && frame > s.startFrame && frame < s.endFrame) ?? null;
  const split = (): void => {
    const frame = frameAt(videoRef.current?.currentTime ?? time);
    const target = sceneToSplit(frame);
    if (!target || !video) return onError(new Error('Move the playhead inside a scene (past its first frame) to split it there.'), 'blocked');
    stop();
    videoRef.current?.pause();
    anchorAt(video.id, frame / fps);
    const videoId = video.id;
    const splitAt = (sceneId: number): Promise<unknown> => bridge.services.project.splitScene(sceneId, frame);
    splitAt(target.id)
      .then(() =>
        history.push({
          label: `split at ${timecode(frame / fps, video.rate)}`,
          undo: () => bridge.services.project.revertSceneEdit(videoId, frame),
          // Scene ids change with every analysis: the scene to cut is the one that holds the frame now.
          redo: () => splitAt(sceneHolding(videoId, frame)?.id ?? -1),
        }),
      )
      .catch((err) => onError(err, 'action'));
  };
  const sceneHolding = (videoId: number, frame: number): SceneView | undefined =>
    scenesNow.current.find((s) => s.videoId === videoId && frame >= s.startFrame && frame < s.endFrame);
  const canJoin = Boolean(scene && scene.index > 0);
  const join = (): void => {
    if (!scene) return;
    if (!canJoin) return onError(new Error(`Scene ${scene.number} starts its video: there is no scene before it in the same video to join.`), 'blocked');
    stop();
    // The scene before it in the same video (index > 0) is where the joined scene starts.
    anchorAt(scene.videoId, scenes[scenes.indexOf(scene) - 1].startSec);
    const { videoId, startFrame: frame } = scene;
    bridge.services.project
      .mergeWithPrevious(scene.id)
      .then(() =>
        history.push({
          label: `join scene ${scene.number} to the one before`,
          undo: () => bridge.services.project.revertSceneEdit(videoId, frame),
          redo: () => bridge.services.project.mergeWithPrevious(sceneHolding(videoId, frame)?.id ?? -1),
        }),
      )
      .catch((err) => onError(err, 'action'));
  };

  // The project's scene detection: applied at once (the project is analysed again, the editor's
  // splits and joins kept); undo puts back the setting it replaced.
  const setDetection = (change: Partial<DetectionSettings>): Promise<boolean> => {
    const before = project.detection;
    const previous: Partial<DetectionSettings> = Object.fromEntries(Object.keys(change).map((k) => [k, before[k as keyof DetectionSettings]]));
    const label = change.sensitivity !== undefined ? `cut sensitivity ${change.sensitivity.toFixed(2)}` : `shortest scene ${change.minSceneLengthSec} s`;
    return bridge.services.project
      .setDetection(change)
      .then(() => {
        onErrorGone('action');
        history.push({ label, undo: () => bridge.services.project.setDetection(previous), redo: () => bridge.services.project.setDetection(change) });
        return true;
      })
      .catch((err) => {
        onError(err, 'action');
        return false;
      });
  };

  const keys = useRef<(e: KeyboardEvent) => void>(() => {});
  keys.current = (e: KeyboardEvent) => {
    if (!props.keysEnabled || !isAppKey(e)) return;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 'z' || e.key === 'Z' || e.key === 'y' || e.key === 'Y')) {
      e.preventDefault();
      void (e.key.toLowerCase() === 'y' || e.shiftKey ? history.redo() : history.undo());
      return;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const el = videoRef.current;
    switch (e.key) {
      case ' ':
        togglePlay();
        break;
      case 'j':
      case 'J':
        if (el) el.currentTime = Math.max(0, el.currentTime - JUMP_BACK_SEC);
        break;
      case 'k':
      case 'K':
        if (audition) stop();
        el?.pause();
        if (el) el.playbackRate = 1;
        break;
      case 'l':
      case 'L':
        if (!el) break;
        if (audition) stop();
        if (el.paused) {
          el.playbackRate = 1;
          el.play().catch((err) => onError(err, 'picture'));
        } else el.playbackRate = Math.min(MAX_RATE, el.playbackRate * 2);
        break;
      case 'ArrowLeft':
      case 'ArrowRight':
        if (!el) break;
        if (audition) stop();
        el.pause();
        el.currentTime = Math.max(0, el.currentTime + (e.key === 'ArrowLeft' ? -1 : 1) * (e.shiftKey ? 1 : 1 / fps));
        break;
      case 'ArrowUp':
        moveScene(-1);
        break;
      case 'ArrowDown':
        moveScene(1);
        break;
      case '[':
        moveSuggestion(-1);
        break;
      case ']':
        moveSuggestion(1);
        break;
      case 'p':
      case 'P':
        togglePreview();
        break;
      case 'Enter':
        accept();
        break;
      case 'r':
      case 'R':
        reject();
        break;
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
        rate(Number(e.key));
        break;
      case 'e':
      case 'E':
        props.onExport();
        break;
      case 'c':
      case 'C':
        toggleChart();
        break;
      case ',':
        shiftSection(-1);
        break;
      case '.':
        shiftSection(1);
        break;
      case 's':
      case 'S':
        split();
        break;
      case 'm':
      case 'M':
        join();
        break;
      case 'o':
      case 'O':
        props.onOpenProject();
        break;
      case '?':
        props.onHelp();
        break;
      default:
        return;
    }
    e.preventDefault();
  };
  useEffect(() => {
    const listener = (e: KeyboardEvent): void => keys.current(e);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, []);

  const analysing = props.analyzeJob?.state === 'running' || props.analyzeJob?.state === 'queued';
  if (!video || !scene) {
    return (
      <main className="workspace empty">
        <div className="empty-state" data-testid="project-status">
          <h2>{project.name}</h2>
          {analysing && props.analyzeJob ? (
            <JobProgress job={props.analyzeJob} what="Analysing the footage" unit="video" />
          ) : (
            <p>No scenes: this folder has no video file Cuefinder could analyse{project.failures.length ? ' (see below)' : ''}.</p>
          )}
          <SkippedFiles failures={project.failures} open />
        </div>
      </main>
    );
  }

  return (
    <main className="workspace">
      <div className="stage">
        <Player
          videoRef={videoRef}
          video={video}
          src={bridge.mediaUrl({ kind: 'video', id: video.id, rev: video.playback })}
          scene={scene}
          audition={audition}
          mix={mix}
          onSceneSound={setSceneSound}
          onMusicLevel={setMusicLevel}
          onDuckedLevel={setDuckedLevel}
          onTogglePlay={togglePlay}
          onPreviousScene={() => moveScene(-1)}
          onNextScene={() => moveScene(1)}
          onStopAudition={stop}
          onTime={onTime}
          time={time}
          splitBlocked={sceneToSplit(frameAt(time)) ? null : 'Move the playhead inside a scene (past its first frame) to split it there.'}
          joinBlocked={canJoin ? null : `Scene ${scene.number} starts its video: there is no scene before it in the same video to join.`}
          onBlocked={(reason) => onError(new Error(reason), 'blocked')}
          onPictureError={onPictureError}
          onSplit={split}
          onJoin={join}
        />
        <Timeline
          bridge={bridge}
          scenes={scenes}
          selectedId={scene.id}
          version={`${props.suggestionsVersion}:${scenes.map((s) => `${s.id}${s.accepted?.trackId ?? ''}`).join(',')}`}
          onSelect={cueScene}
        />
        <DetectionControl detection={project.detection} sceneCount={project.sceneCount} analyzeJob={props.analyzeJob} onChange={setDetection} />
        <SceneStrip bridge={bridge} scenes={scenes} selectedId={scene.id} onSelect={cueScene} />
        {analysing && props.analyzeJob && <JobProgress job={props.analyzeJob} what="Analysing the footage" unit="video" compact />}
        <SkippedFiles failures={project.failures} />
      </div>
      <SuggestionsPanel
        bridge={bridge}
        scene={scene}
        view={view?.sceneId === scene.id ? view : null}
        selectedTrackId={selected?.trackId ?? null}
        previewingTrackId={audition?.trackId ?? null}
        hasLibrary={props.hasLibrary}
        suggestJob={props.suggestJob}
        onSelect={setTrackId}
        onPreview={togglePreview}
        onAccept={accept}
        onReject={reject}
        onRate={(id, n) => rate(n, id)}
        onMedia={onMedia}
        onSuggest={() => bridge.services.suggestions.suggest().catch((err) => onError(err, 'action'))}
        onRestore={restore}
        history={history}
        chartOpen={chartOpen}
        onToggleChart={toggleChart}
        snap={snap}
        onToggleSnap={() => setSnap(!snap)}
        onSection={setSection}
        onOpenLibrary={props.onOpenLibrary}
      />
    </main>
  );
}
