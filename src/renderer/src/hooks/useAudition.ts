import { useCallback, useEffect, useRef, useState } from 'react';
import { DUCKED_SCENE_GAIN } from '../../../shared/contract';

export type SceneSound = 'duck' | 'mute';

/** The preview's mix: the music's level, and the scene's own sound under it, ducked to a level or muted. */
export interface Mix {
  readonly sceneSound: SceneSound;
  /** 0–1, the track's volume. */
  readonly music: number;
  /** 0–1, the scene sound's volume under the music when ducked. */
  readonly ducked: number;
}

/** Scene audio level under a previewed track when ducked (the render's default too), until the editor sets another. */
export const DEFAULT_MIX: Mix = { sceneSound: 'duck', music: 1, ducked: DUCKED_SCENE_GAIN };
/** Track and picture further apart than this are pulled back together. */
const MAX_DRIFT_SEC = 0.1;
const SEEK_TIMEOUT_MS = 5000;

export interface AuditionTarget {
  sceneId: number;
  sceneStartSec: number;
  sceneEndSec: number;
  trackId: number;
  title: string;
  inSec: number;
}

export interface Audition extends AuditionTarget {
  status: 'starting' | 'playing';
  /** Set when a whole cue plays: the picture moves through its scenes while the track plays on. */
  cue?: { readonly index: number; readonly sceneCount: number };
}

/** One scene of a cue played through its cuts: where it lies in its video. */
export interface CueScene {
  sceneId: number;
  videoId: number;
  startSec: number;
  endSec: number;
}

export interface CueAuditionTarget {
  cueIndex: number;
  scenes: readonly CueScene[];
  trackId: number;
  title: string;
  /** Where the track starts under the cue's first scene. */
  inSec: number;
}

/** Resolves once `el` shows `time` (metadata loaded and the seek finished). */
function seekTo(el: HTMLMediaElement, time: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The ${el instanceof HTMLVideoElement ? 'picture' : 'track'} did not load within ${SEEK_TIMEOUT_MS / 1000} s.`)), SEEK_TIMEOUT_MS);
    const done = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const seek = (): void => {
      if (Math.abs(el.currentTime - time) < 0.01 && !el.seeking) return done();
      el.addEventListener('seeked', done, { once: true });
      el.currentTime = time;
    };
    el.addEventListener('error', () => reject(new Error(el.error?.message || 'The media could not be loaded.')), { once: true });
    if (el.readyState >= HTMLMediaElement.HAVE_METADATA) seek();
    else {
      el.addEventListener('loadedmetadata', seek, { once: true });
      if (el.preload === 'none' || el.networkState === HTMLMediaElement.NETWORK_EMPTY) el.load();
    }
  });
}

/**
 * Plays a scene with a suggested track in sync: the picture from the scene's start, the track from
 * the section's in point, both started together, the scene's own sound ducked or muted, drift
 * corrected every frame, and both stopped at the scene's end.
 */
/** The mix applied over the picture's and the music's own levels, which `restore` puts back when a run ends. */
function mixOver(video: HTMLVideoElement, audio: HTMLAudioElement, mixNow: { readonly current: Mix }): { apply(): void; restore(): void } {
  const volume = video.volume;
  const muted = video.muted;
  const musicVolume = audio.volume;
  return {
    apply() {
      const m = mixNow.current;
      video.muted = m.sceneSound === 'mute' || muted;
      video.volume = m.sceneSound === 'mute' ? volume : Math.min(volume, m.ducked);
      audio.volume = m.music;
    },
    restore() {
      video.volume = volume;
      video.muted = muted;
      audio.volume = musicVolume;
    },
  };
}

/**
 * Pauses picture and music, waits until both are cued, applies the mix and starts both together.
 * False when another run replaced this one meanwhile; a failure stops this run and is thrown.
 */
async function startTogether(video: HTMLVideoElement, audio: HTMLAudioElement, cued: () => Promise<unknown>, applyMix: () => void, current: () => boolean, stop: () => void): Promise<boolean> {
  video.pause();
  audio.pause();
  try {
    await cued();
    if (!current()) return false;
    applyMix();
    await Promise.all([video.play(), audio.play()]);
  } catch (err) {
    if (current()) stop();
    throw err;
  }
  return current();
}

export function useAudition(getVideo: () => HTMLVideoElement | null, getAudio: (trackId: number) => HTMLAudioElement | null, mix: Mix) {
  // Read every frame, so that moving a slider during a preview is heard at once.
  const mixNow = useRef(mix);
  mixNow.current = mix;
  const [audition, setAudition] = useState<Audition | null>(null);
  const run = useRef<{ id: number; stop: () => void } | null>(null);
  const nextId = useRef(1);

  const stop = useCallback(() => {
    run.current?.stop();
    run.current = null;
    setAudition(null);
  }, []);

  const start = useCallback(
    async (target: AuditionTarget) => {
      stop();
      const video = getVideo();
      const audio = getAudio(target.trackId);
      if (!video || !audio) throw new Error('The track is not ready to play yet; try again in a moment.');
      const id = nextId.current++;
      let frame = 0;
      const mixing = mixOver(video, audio, mixNow);
      const halt = (): void => {
        cancelAnimationFrame(frame);
        video.removeEventListener('pause', onPicturePaused);
        audio.pause();
        video.pause();
        mixing.restore();
      };
      const onPicturePaused = (): void => {
        if (run.current?.id === id) stop();
      };
      run.current = { id, stop: halt };
      setAudition({ ...target, status: 'starting' });
      const current = (): boolean => run.current?.id === id;
      if (!(await startTogether(video, audio, () => Promise.all([seekTo(video, target.sceneStartSec), seekTo(audio, target.inSec)]), mixing.apply, current, stop))) return;
      video.addEventListener('pause', onPicturePaused);
      setAudition({ ...target, status: 'playing' });
      const follow = (): void => {
        if (!current()) return;
        if (video.currentTime >= target.sceneEndSec - 0.02 || video.ended) return stop();
        mixing.apply();
        const picture = video.currentTime - target.sceneStartSec;
        if (Math.abs(audio.currentTime - target.inSec - picture) > MAX_DRIFT_SEC) audio.currentTime = target.inSec + picture;
        frame = requestAnimationFrame(follow);
      };
      frame = requestAnimationFrame(follow);
    },
    [getVideo, getAudio, stop],
  );

  /**
   * Plays a whole cue: the track from the section's in point, once, without a restart at any cut,
   * while the picture follows it scene by scene (across videos: `show` selects the scene, and the
   * picture is cued and started again once it shows that video). The track is the clock: the picture
   * is pulled to it, never the other way round. Stops at the cue's end.
   */
  const startCue = useCallback(
    async (target: CueAuditionTarget, audio: HTMLAudioElement, show: (scene: CueScene) => void, showing: (videoId: number) => boolean) => {
      stop();
      const video = getVideo();
      const first = target.scenes[0];
      if (!video || !first) throw new Error('The picture is not ready to play yet; try again in a moment.');
      const id = nextId.current++;
      let frame = 0;
      const mixing = mixOver(video, audio, mixNow);
      const offsets: number[] = [];
      const total = target.scenes.reduce((at, sc) => (offsets.push(at), at + sc.endSec - sc.startSec), 0);
      const halt = (): void => {
        cancelAnimationFrame(frame);
        audio.pause();
        video.pause();
        mixing.restore();
      };
      run.current = { id, stop: halt };
      const base = { sceneId: first.sceneId, sceneStartSec: first.startSec, sceneEndSec: first.endSec, trackId: target.trackId, title: target.title, inSec: target.inSec };
      const cue = { index: target.cueIndex, sceneCount: target.scenes.length };
      setAudition({ ...base, cue, status: 'starting' });
      /** Resolves once the picture shows `scene` at `at` seconds of its video (a scene of another video is loaded first). */
      const cuePicture = async (scene: CueScene, at: number): Promise<void> => {
        show(scene);
        for (const deadline = performance.now() + SEEK_TIMEOUT_MS; !showing(scene.videoId); ) {
          if (performance.now() > deadline) throw new Error('The next video of the cue did not load in time.');
          await new Promise((r) => requestAnimationFrame(r));
        }
        await seekTo(video, at);
      };
      let current = 0;
      let switching = false;
      const running = (): boolean => run.current?.id === id;
      if (!(await startTogether(video, audio, () => Promise.all([cuePicture(first, first.startSec), seekTo(audio, target.inSec)]), mixing.apply, running, stop))) return;
      setAudition({ ...base, cue, status: 'playing' });
      const follow = (): void => {
        if (!running()) return;
        const elapsed = audio.currentTime - target.inSec;
        if (elapsed >= total - 0.02 || audio.ended) return stop();
        mixing.apply();
        let k = current;
        while (k + 1 < target.scenes.length && elapsed >= offsets[k + 1]) k++;
        const scene = target.scenes[k];
        const wanted = scene.startSec + (elapsed - offsets[k]);
        if (k !== current) {
          const previous = target.scenes[current];
          current = k;
          // The next scene of the same video right after this one: the picture is already there.
          const contiguous = previous.videoId === scene.videoId && Math.abs(previous.endSec - scene.startSec) < 0.01;
          show(scene);
          if (!contiguous) {
            switching = true;
            video.pause();
            cuePicture(scene, wanted + 0.05)
              .then(() => (run.current?.id === id ? video.play() : undefined))
              .then(() => (switching = false))
              .catch(() => run.current?.id === id && stop());
          }
        } else if (!switching && !video.paused && Math.abs(video.currentTime - wanted) > MAX_DRIFT_SEC * 1.5) {
          video.currentTime = wanted;
        }
        frame = requestAnimationFrame(follow);
      };
      frame = requestAnimationFrame(follow);
    },
    [getVideo, stop],
  );

  useEffect(() => () => run.current?.stop(), []);
  return { audition, start, startCue, stop };
}
