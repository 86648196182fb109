import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CuefinderBridge, CueSuggestionsView, CueView, DetectionSettings, JobInfo, ProjectView, SceneSuggestionsView, SceneView } from '../../../shared/contract';
import { rateToFps, secondsToFrames } from '../../../shared/time';
import { errorText, timecode } from '../format';
import { isAppKey } from '../keys';
import { DEFAULT_MIX, useAudition, type CueScene, type SceneSound } from '../hooks/useAudition';
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
  const { audition, start, startCue, stop } = useAudition(
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

  // The cut's music cues (the editor's splits and joins applied), reloaded when the scenes, the
  // decisions or the cues change.
  const [cues, setCues] = useState<readonly CueView[]>([]);
  const [cueError, setCueError] = useState<string | null>(null);
  const [cueVersion, setCueVersion] = useState(0);
  const bumpCues = useCallback(() => setCueVersion((n) => n + 1), []);
  const cuesKey = `${props.suggestionsVersion}:${cueVersion}:${scenes.map((s) => `${s.id}${s.accepted?.trackId ?? ''}`).join(',')}`;
  useEffect(() => {
    let current = true;
    bridge.services.project
      .cues()
      .then((c) => current && (setCues(c), setCueError(null)))
      .catch((err) => current && setCueError(errorText(err)));
    return () => {
      current = false;
    };
  }, [bridge, cuesKey]);
  const cue = (scene && cues.find((c) => c.sceneIds.includes(scene.id))) ?? null;
  // Music for the whole cue of the selected scene (Q): tracks ranked for its scenes together.
  const [cueMode, setCueMode] = useState(false);
  // Another project opens on its scenes' own suggestions.
  useEffect(() => setCueMode(false), [project.dir]);
  const [cueView, setCueView] = useState<CueSuggestionsView | null>(null);
  const [cueTrackId, setCueTrackId] = useState<number | null>(null);
  const cueShown = cueMode && cue !== null && cue.sceneIds.length > 1;
  const cueKey = cueShown && cue ? `${cue.sceneIds.join(',')}:${cuesKey}` : null;
  useEffect(() => {
    if (!cueKey || shownSceneId === null) return;
    let current = true;
    // The cards stay while the next ranking loads: a cue playing through its cuts keeps its music.
    bridge.services.suggestions
      .forCue(shownSceneId)
      .then((v) => {
        if (!current) return;
        setCueView(v);
        setCueTrackId((t) => (v.suggestions.some((s) => s.trackId === t) ? t : (v.suggestions.find((s) => s.accepted)?.trackId ?? v.suggestions[0]?.trackId ?? null)));
      })
      .catch((err) => current && onError(err, 'scene'));
    return () => {
      current = false;
    };
    // The key names the cue; the scene within it does not change the ranking.
  }, [bridge, cueKey, onError]);

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
      () => (before ? svc.setSection(sceneId, before.trackId, before.inSec, before.outSec, before.continuesFromPrevious) : svc.clearAccepted(sceneId)),
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

  // The editor's cue edits: a new cue from the selected scene, the selected scene's cue joined to the
  // one before. Kept for the video's content and the scene's first frame; undo takes each back with
  // the other, at the scene that holds that frame then.
  const cuePosition = cue && scene ? cue.sceneIds.indexOf(scene.id) : -1;
  const cueSplitBlocked = !scene || !cue ? 'The cues are not planned yet.' : scenes[0]?.id === scene.id ? 'The first scene of the cut starts the first cue.' : cuePosition === 0 ? `Cue ${cue.index + 1} already starts at scene ${scene.number}: select a later scene of it to split it there.` : null;
  const cueJoinBlocked = !scene || !cue ? 'The cues are not planned yet.' : cue.index === 0 ? 'Cue 1 starts the cut: there is no cue before it to join.' : null;
  const cueEdit = (label: string, sceneId: number, made: (id: number) => Promise<unknown>, takenBack: (id: number) => Promise<unknown>): void => {
    const at = scenes.find((s) => s.id === sceneId);
    if (!at) return;
    const { videoId, startFrame } = at;
    const here = (): number => sceneHolding(videoId, startFrame)?.id ?? -1;
    made(sceneId)
      .then(() => {
        bumpCues();
        onErrorGone('action');
        history.push({ label, undo: () => takenBack(here()).finally(bumpCues), redo: () => made(here()).finally(bumpCues) });
      })
      .catch((err) => onError(err, 'action'));
  };
  const project$ = bridge.services.project;
  const splitCue = (): void => {
    if (cueSplitBlocked || !scene) return onError(new Error(cueSplitBlocked ?? 'Select a scene.'), 'blocked');
    cueEdit(`split cue at scene ${scene.number}`, scene.id, (id) => project$.splitCue(id), (id) => project$.joinCue(id));
  };
  const joinCue = (): void => {
    if (cueJoinBlocked || !cue) return onError(new Error(cueJoinBlocked ?? 'Select a scene.'), 'blocked');
    cueEdit(`join cue ${cue.index + 1} to the one before`, cue.sceneIds[0], (id) => project$.joinCue(id), (id) => project$.splitCue(id));
  };

  // A whole cue played through its cuts: the picture moves scene to scene (across videos), one
  // music element plays the track on without a restart at any cut.
  const cueAudio = useRef<HTMLAudioElement | null>(null);
  const playingCue = audition?.cue !== undefined;
  const cuePlayBlocked = !cue ? 'The cues are not planned yet.' : !cue.accepted && !(cueShown && cueTrackId !== null) ? `Cue ${cue.index + 1} has no music yet: accept a track for it (Q shows music for the whole cue).` : null;
  const playCue = (track?: { trackId: number; title: string; inSec: number }): void => {
    if (playingCue) return stop();
    const el = cueAudio.current;
    if (!cue || !el) return;
    const pick = (t: { trackId: number; title: string; inSec: number }): void => {
      const cueScenes: CueScene[] = cue.sceneIds.flatMap((id) => {
        const s = scenes.find((x) => x.id === id);
        return s ? [{ sceneId: s.id, videoId: s.videoId, startSec: s.startSec, endSec: s.endSec }] : [];
      });
      const url = bridge.mediaUrl({ kind: 'track', id: t.trackId });
      if (el.getAttribute('src') !== url) el.src = url;
      startCue({ cueIndex: cue.index, scenes: cueScenes, ...t }, el, showCueScene, showingVideo)
        .then(() => onErrorGone('picture'))
        .catch((err) => onError(err, 'picture'));
    };
    if (track) return pick(track);
    const accepted = cue.accepted;
    if (!accepted) return onError(new Error(cuePlayBlocked ?? 'This cue has no music yet.'), 'blocked');
    // The accepted track from the point that puts the first accepted section under its own scene.
    bridge.services.suggestions
      .forCue(cue.sceneIds[0])
      .then((v) => {
        const i = v.scenes.findIndex((s) => s.accepted?.trackId === accepted.trackId);
        const offset = v.scenes.slice(0, Math.max(0, i)).reduce((n, s) => n + s.durationSec, 0);
        pick({ trackId: accepted.trackId, title: accepted.title, inSec: Math.max(0, (v.scenes[i]?.accepted?.inSec ?? 0) - offset) });
      })
      .catch((err) => onError(err, 'picture'));
  };
  /** Shows a scene of a playing cue without stopping it: the selection (and the picture's video) follow. */
  const showCueScene = useCallback((s: CueScene) => {
    anchorAt(s.videoId, s.startSec);
    setSceneId(s.sceneId);
  }, []);
  const showingVideo = useCallback((videoId: number) => {
    const el = videoRef.current;
    return Boolean(el?.src) && new URL(el!.src).pathname.endsWith(`/video/${videoId}`);
  }, []);
  const cueSvc = bridge.services.suggestions;
  const cueSelected = cueView?.suggestions.find((s) => s.trackId === cueTrackId) ?? null;
  const previewCue = (id: number | null = cueTrackId): void => {
    const s = cueView?.suggestions.find((x) => x.trackId === id);
    if (!s) return;
    setCueTrackId(s.trackId);
    if (playingCue && audition?.trackId === s.trackId) return stop();
    if (playingCue) stop();
    playCue({ trackId: s.trackId, title: s.title, inSec: s.inSec });
  };
  /** One track for every scene of the cue; undo gives each scene back the section it had. */
  const acceptCue = (id: number | null = cueTrackId): void => {
    const v = cueView;
    const s = v?.suggestions.find((x) => x.trackId === id);
    if (!v || !s || s.accepted || !scene) return;
    const sceneId = scene.id;
    const before = v.scenes;
    const made = (): Promise<unknown> => cueSvc.acceptForCue(sceneId, s.trackId).then((after) => (setCueView(after), after));
    made()
      .then(() => {
        onErrorGone('action');
        history.push({
          label: `accept “${s.title}” for cue ${v.cue.index + 1}`,
          undo: async () => {
            for (const b of before) {
              const a = b.accepted;
              await (a ? svc.setSection(b.sceneId, a.trackId, a.inSec, a.outSec, a.continuesFromPrevious) : svc.clearAccepted(b.sceneId));
            }
          },
          redo: made,
        });
      })
      .catch((err) => onError(err, 'action'));
  };
  const moveCueSuggestion = (step: number): void => {
    const list = cueView?.suggestions ?? [];
    if (!list.length) return;
    const i = list.findIndex((x) => x.trackId === cueTrackId);
    setCueTrackId(list[Math.max(0, Math.min(list.length - 1, i + step))].trackId);
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
    // Cue edits and playing the cue: the scene keys with Shift.
    if (e.shiftKey && ['S', 'M', 'P'].includes(e.key.toUpperCase())) {
      e.preventDefault();
      const key = e.key.toUpperCase();
      if (key === 'S') splitCue();
      else if (key === 'M') joinCue();
      else if (cuePlayBlocked && !playingCue) onError(new Error(cuePlayBlocked), 'blocked');
      else playCue(cueShown && cueSelected ? { trackId: cueSelected.trackId, title: cueSelected.title, inSec: cueSelected.inSec } : undefined);
      return;
    }
    if (e.key === 'q' || e.key === 'Q') {
      e.preventDefault();
      if (cue && cue.sceneIds.length > 1) setCueMode(!cueMode);
      else onError(new Error(`Scene ${scene?.number ?? ''} is a cue of its own: its music is the scene’s.`), 'blocked');
      return;
    }
    // Music for the whole cue: the suggestion keys act on the cue's list; reject, rate and the section's bar moves are the scene's.
    if (cueShown && ['Enter', 'p', 'P', '[', ']', 'r', 'R', '1', '2', '3', '4', '5', ',', '.'].includes(e.key)) {
      e.preventDefault();
      if (e.key === 'Enter') acceptCue();
      else if (e.key === 'p' || e.key === 'P') previewCue();
      else if (e.key === '[' || e.key === ']') moveCueSuggestion(e.key === '[' ? -1 : 1);
      else onError(new Error('That key acts on one scene’s suggestions: press Q to show the scene’s own list.'), 'blocked');
      return;
    }
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
          scenes={scenes}
          cues={cues}
          error={cueError}
          selectedId={scene.id}
          onSelect={cueScene}
          splitBlocked={cueSplitBlocked}
          joinBlocked={cueJoinBlocked}
          playBlocked={playingCue ? null : cuePlayBlocked}
          playing={playingCue}
          onBlocked={(reason) => onError(new Error(reason), 'blocked')}
          onSplitCue={splitCue}
          onJoinCue={joinCue}
          onPlayCue={() => playCue(cueShown && cueSelected ? { trackId: cueSelected.trackId, title: cueSelected.title, inSec: cueSelected.inSec } : undefined)}
        />
        <audio ref={cueAudio} preload="none" hidden data-testid="cue-music" />
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
        previewingTrackId={playingCue ? null : (audition?.trackId ?? null)}
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
        cue={cue}
        cueMode={cueMode}
        onCueMode={setCueMode}
        cueView={cueShown && cueView && cue && cueView.cue.sceneIds[0] === cue.sceneIds[0] ? cueView : null}
        selectedCueTrackId={cueTrackId}
        onSelectCueTrack={setCueTrackId}
        onPreviewCue={previewCue}
        onAcceptCue={acceptCue}
        previewingCueTrackId={playingCue ? (audition?.trackId ?? null) : null}
      />
    </main>
  );
}
