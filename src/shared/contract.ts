/**
 * The service contract: the one typed boundary between the UI and the engine. The renderer sees
 * these interfaces and nothing else; the Electron IPC transport and the browser-mode HTTP/WebSocket
 * transport are both generated from SERVICE_METHODS, and neither adds logic.
 *
 * Pure TypeScript: no node, electron or DOM imports. Every payload is plain JSON.
 */
import type { AffectDimension } from './affect';
import type { FrameRate, SceneRange } from './time';

//#region Data shapes

export type ExportFormat = 'edl' | 'otio' | 'fcpxml' | 'fcp7';
/** The scene's own sound under music when ducked, as a linear gain: the audition in the app and the preview render use it. */
export const DUCKED_SCENE_GAIN = 0.2;

/** Beat markers on the exported music clips: bar starts, every beat, or none. */
export type MarkerMode = 'bars' | 'beats' | 'none';

/** The scenes' own sound in the preview render: ducked under music (as in the audition), muted or kept. */
export type SceneSoundMode = 'duck' | 'mute' | 'keep';
export const SCENE_SOUNDS: readonly SceneSoundMode[] = ['duck', 'mute', 'keep'];

export interface PreviewRenderOptions {
  /** Default 'duck'. */
  readonly sceneSound?: SceneSoundMode;
  /** As for ExportOptions: unreviewed scenes get their top suggestion; otherwise (the default) no music. */
  readonly fillUnreviewed?: boolean;
}

export interface ExportOptions {
  /** Default 'none'. */
  readonly markers?: MarkerMode;
  /** Scenes the editor accepted nothing for get their top suggestion; otherwise (the default) they have no music. */
  readonly fillUnreviewed?: boolean;
}
export type JobKind = 'index' | 'analyze' | 'suggest' | 'render';
export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A long job as every view shows it: progress is done/total of the current stage. */
export interface JobInfo {
  readonly id: string;
  readonly kind: JobKind;
  readonly state: JobState;
  /** What the job does right now, in words ('scanning', 'analysing', 'suggesting' …). */
  readonly stage: string;
  readonly done: number;
  readonly total: number;
  /** The item being worked on (a file name), when the job knows. */
  readonly current: string | null;
  /** A one-line outcome when finished ("12 tracks indexed, 1 failed"), or the error when failed. */
  readonly message: string | null;
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

export interface ModelStatus {
  readonly dir: string;
  readonly state: 'not-loaded' | 'ready' | 'error';
  readonly version: string | null;
  readonly error: string | null;
}

export interface AppStateView {
  readonly dbPath: string;
  readonly project: { readonly dir: string; readonly name: string } | null;
  readonly library: { readonly dir: string; readonly name: string } | null;
  readonly recentProjects: readonly string[];
  readonly model: ModelStatus;
  readonly jobs: readonly JobInfo[];
}

export interface SceneView extends SceneRange {
  readonly id: number;
  readonly videoId: number;
  /** 1-based position within the whole project, as the editor counts. */
  readonly number: number;
  readonly hasThumbnail: boolean;
  /** How the scene begins: the video's start, a detected cut, fade or dissolve, or a cut the editor made. */
  readonly transitionIn: 'start' | 'cut' | 'fade' | 'dissolve' | 'edit';
  readonly suggestionCount: number;
  /** The accepted track, when the editor accepted one. */
  readonly accepted: { readonly trackId: number; readonly title: string } | null;
  /** What the scene feels like to the matcher: its strongest affect word, judged against the project's other scenes (null before analysis). */
  readonly mood: AffectDimension | null;
}

export interface VideoView {
  readonly id: number;
  readonly name: string;
  readonly path: string;
  readonly durationSec: number;
  readonly rate: FrameRate;
  readonly width: number;
  readonly height: number;
  readonly hasAudio: boolean;
  /**
   * How the UI plays it: the original file, or a proxy (a small H.264 copy in the cache, made during
   * analysis because browsers cannot decode the original's format; exports still use the original),
   * or 'pending' while that is not decided yet or when the proxy could not be made.
   */
  readonly playback: 'original' | 'proxy' | 'pending';
  readonly scenes: readonly SceneView[];
}

export interface ProjectView {
  readonly dir: string;
  readonly name: string;
  readonly videos: readonly VideoView[];
  readonly sceneCount: number;
  /** Files of the folder that could not be analysed, with the reason in words. */
  readonly failures: readonly { readonly path: string; readonly reason: string }[];
  /** How its scenes are found: the project's own settings (the defaults until the editor changes them). */
  readonly detection: DetectionSettings;
}

/** A project's scene detection, as the editor steers it; kept for the project (the app and `analyze` alike). */
export interface DetectionSettings {
  /** 0..1: higher finds more (weaker) cuts. Default 0.5. */
  readonly sensitivity: number;
  /** No scene is shorter than this many seconds (above 0; the editor's own cuts aside). Default 0.6. */
  readonly minSceneLengthSec: number;
}

/** A music cue: consecutive scenes one piece of music carries (short shots of one mood share one). */
export interface CueView {
  readonly index: number;
  readonly sceneIds: readonly number[];
  /** Where it lies on the cut's record timeline (scenes back to back, videos in order), in seconds. */
  readonly startSec: number;
  readonly endSec: number;
  /**
   * The music carrying it: the track accepted on its first scene that has one, and on how many of
   * the cue's scenes that track is accepted (all of them after accepting it for the cue); null when none is.
   */
  readonly accepted: { readonly trackId: number; readonly title: string; readonly scenes: number } | null;
  /** True when the editor split or joined cues at its start (the planner would not have started one there). */
  readonly edited: boolean;
}

/**
 * A track ranked for a whole cue. Its score is the mean of the scenes' own suggestion scores
 * weighted by scene length (a scene that does not list the track counts with the lowest score it
 * lists); the section is as long as the cue where the track allows.
 */
export interface CueSuggestionView extends RankedTrack {
  /** How many of the cue's scenes list the track among their own suggestions. */
  readonly suggestedFor: number;
  /** The track carries the whole cue (accepted on every one of its scenes). */
  readonly accepted: boolean;
}

/** A scene's accepted music: the track's section and whether it runs on from the previous scene's (one clip in the export). */
export interface AcceptedSection {
  readonly trackId: number;
  readonly inSec: number;
  readonly outSec: number;
  readonly continuesFromPrevious: boolean;
}

export interface CueSuggestionsView {
  readonly cue: CueView;
  /** The cue's scenes in order, with the section each has accepted (for undo). */
  readonly scenes: readonly { readonly sceneId: number; readonly durationSec: number; readonly accepted: AcceptedSection | null }[];
  readonly suggestions: readonly CueSuggestionView[];
}

export interface LibraryView {
  readonly dir: string;
  readonly name: string;
  /** Indexed tracks present in this folder. */
  readonly trackCount: number;
  /** Indexed tracks of every folder ever indexed into this database (suggestions draw on all). */
  readonly totalTracks: number;
  readonly failures: readonly { readonly path: string; readonly reason: string }[];
}

/** A track of the open music folder, as the library browser lists it. */
export interface TrackView {
  readonly id: number;
  readonly title: string;
  readonly artist: string | null;
  readonly album: string | null;
  readonly fileName: string;
  readonly durationSec: number;
  readonly bpm: number;
  /** "A minor", "F major" … */
  readonly key: string;
  /** The track's predicted affect (mean of its sections'), AFFECT_DIMENSIONS order; empty before the first suggest. */
  readonly affect: readonly number[];
}

/** A track in a list of suggestions (a scene's or a cue's): its place, tags, tempo and key, score and section. */
export interface RankedTrack {
  /** 0-based, best first. */
  readonly rank: number;
  readonly trackId: number;
  readonly title: string;
  readonly artist: string | null;
  readonly fileName: string;
  readonly durationSec: number;
  readonly bpm: number;
  readonly key: string;
  /** On the paper's 1–5 scale: the model's verdict for a scene; for a cue, its scenes' verdicts weighted by length. */
  readonly score: number;
  /** The section of the track, in seconds. */
  readonly inSec: number;
  readonly outSec: number;
}

export interface SuggestionView extends RankedTrack {
  readonly continuesFromPrevious: boolean;
  readonly agree: readonly AffectDimension[];
  readonly clash: readonly AffectDimension[];
  /** Predicted affect of the chosen section, AFFECT_DIMENSIONS order, each in [0, 1]. */
  readonly trackAffect: readonly number[];
  readonly accepted: boolean;
  /** The editor's 1–5 rating of this track for this scene, when given. */
  readonly rating: number | null;
}

export interface SceneSuggestionsView {
  readonly sceneId: number;
  readonly modelVersion: string | null;
  /** Predicted affect of the scene, AFFECT_DIMENSIONS order; empty before the first suggest. */
  readonly sceneAffect: readonly number[];
  readonly suggestions: readonly SuggestionView[];
  /** The accepted section, also when its track is no longer among the suggestions. */
  readonly accepted: (AcceptedSection & { readonly title: string }) | null;
  /** Tracks the editor rejected for this scene, most recent first; `restore` takes a rejection back. */
  readonly rejected: readonly RejectedTrackView[];
}

export interface RejectedTrackView {
  readonly trackId: number;
  readonly title: string;
  readonly artist: string | null;
  /** True when restoring puts it back in the list where it was; otherwise the next suggest considers it again. */
  readonly stillSuggested: boolean;
}

export interface WaveformView {
  readonly trackId: number;
  readonly durationSec: number;
  /** Peak amplitudes in [0, 1], `rate` per second. */
  readonly peaks: readonly number[];
  readonly rate: number;
  /** Beat and bar (downbeat) times in seconds, as detected at indexing; sections snap to bars. */
  readonly beats: readonly number[];
  readonly bars: readonly number[];
}

export interface ExportFormatView {
  readonly format: ExportFormat;
  readonly label: string;
  readonly extension: string;
}

export interface ExportFile {
  readonly format: ExportFormat;
  readonly fileName: string;
  readonly mimeType: string;
  readonly text: string;
  /** What the cut leaves out and why (a stored section outside its track, a scene shorter than a frame), one sentence each. */
  readonly warnings: readonly string[];
}

export interface FolderEntry {
  readonly name: string;
  readonly path: string;
  /** Video and audio files directly inside, to tell a footage folder from a music folder at a glance. */
  readonly videoFiles: number;
  readonly audioFiles: number;
}

export interface FolderListing {
  readonly path: string;
  readonly parent: string | null;
  readonly folders: readonly FolderEntry[];
  readonly videoFiles: number;
  readonly audioFiles: number;
  /** Good places to start: home, the recent project folders' parents, the file-system root. */
  readonly places: readonly { readonly label: string; readonly path: string }[];
}

export interface ShellCapabilities {
  readonly host: 'electron' | 'browser';
  /** True when shell.pickFolder opens the system's folder dialog. */
  readonly nativeDialogs: boolean;
}

export type FolderPurpose = 'project' | 'library';

/** A media file the renderer may play or show, named by what it is, never by path. */
export interface MediaRef {
  readonly kind: 'video' | 'track' | 'thumb';
  readonly id: number;
  /**
   * Changes when what the id names changes (a scene re-cut: ids are reused after re-analysis), so
   * that no cache shows the old picture; transports put it in the query, hosts ignore it.
   */
  readonly rev?: string;
}

//#endregion

//#region Services

/** What the shell draws its frame from; changes are announced with a 'changed' event. */
export interface AppService {
  state(): Promise<AppStateView>;
}

export interface ProjectService {
  /**
   * Opens a footage folder (it becomes a media root) and starts its analysis; when analysis
   * finishes and some scene has no suggestions, suggesting follows. Throws for a missing or
   * unreadable folder.
   */
  open(dir: string): Promise<ProjectView>;
  /** The open project, or null before one is opened. */
  view(): Promise<ProjectView | null>;
  close(): Promise<void>;
  /** Re-analyses the open project (incremental: unchanged files are skipped). */
  analyze(): Promise<JobInfo>;
  /**
   * Cuts the scene in two at `frame` (a frame of its video strictly inside the scene) and analyses
   * that video again with the cut. The cut is remembered for the file and kept on every later
   * analysis; the scene's accepted and rejected tracks stay with the larger part.
   */
  splitScene(sceneId: number, frame: number): Promise<JobInfo>;
  /** Joins the scene to the one before it in its video (the boundary between them is not a cut), and analyses the video again. */
  mergeWithPrevious(sceneId: number): Promise<JobInfo>;
  /**
   * Changes the open project's scene detection (a value left out keeps its current one), keeps it
   * for the project, and analyses the project again with it; the editor's splits and joins stay.
   * Throws 'invalid-argument' naming the value for a sensitivity outside 0..1 or a minimum scene
   * length not above 0 (or above 600 s).
   */
  setDetection(settings: Partial<DetectionSettings>): Promise<JobInfo>;
  /**
   * Takes back the editor's split or join at `frame` of a video of the open project (undo), so the
   * detector's own result stands there again, and analyses the video again.
   */
  revertSceneEdit(videoId: number, frame: number): Promise<JobInfo>;
  /**
   * The cut's music cues (engine/project/cuePlanner): short shots of one mood share a cue; a mood
   * change or a long scene starts a new one once the cue has its minimum length.
   */
  cues(): Promise<readonly CueView[]>;
  /**
   * Starts a new cue at the scene (splits its cue there). Kept for the video's content and the
   * scene's first frame (cue_edits), so it holds after re-analysis. Throws 'invalid-argument' when
   * a cue already starts there or the scene starts the cut. Returns the cues after.
   */
  splitCue(sceneId: number): Promise<readonly CueView[]>;
  /** Joins the scene's cue to the cue before it (undoes a split at its first scene). Returns the cues after. */
  joinCue(sceneId: number): Promise<readonly CueView[]>;
}

export interface LibraryService {
  /** Opens a music folder (it becomes a media root) and starts indexing it. */
  open(dir: string): Promise<LibraryView>;
  view(): Promise<LibraryView | null>;
  /** Re-indexes the open library (incremental). */
  index(): Promise<JobInfo>;
  /** Every indexed track of the open music folder (the browser filters and sorts them). */
  tracks(): Promise<readonly TrackView[]>;
}

export interface SuggestionService {
  /** Suggests music for every scene of the open project (after any running index or analysis). */
  suggest(): Promise<JobInfo>;
  /** One scene's suggestions with the editor's decisions and ratings. The scene must belong to the open project. */
  forScene(sceneId: number): Promise<SceneSuggestionsView>;
  /** The track's loudness envelope as waveform peaks (no audio decoding in the UI). */
  waveform(trackId: number): Promise<WaveformView>;
  /** Uses this suggestion's section for the scene in exports; replaces an earlier choice. */
  accept(sceneId: number, trackId: number): Promise<SceneSuggestionsView>;
  /** Never suggests this track for this scene again; drops it from the list and from the cut. */
  reject(sceneId: number, trackId: number): Promise<SceneSuggestionsView>;
  /**
   * Uses the track from `inSec` to `outSec` for the scene (the editor's own section, e.g. dragged on
   * the waveform) and accepts it; exports write this section. `continuesFromPrevious` (default
   * false) puts back a section that ran on from the previous scene's, as undo does.
   */
  setSection(sceneId: number, trackId: number, inSec: number, outSec: number, continuesFromPrevious?: boolean): Promise<SceneSuggestionsView>;
  /** Takes a rejection back: the track may be suggested (and accepted) for the scene again. */
  restore(sceneId: number, trackId: number): Promise<SceneSuggestionsView>;
  /** Tracks ranked for the whole cue the scene is in (CueSuggestionView says how), from the scenes' stored suggestions. */
  forCue(sceneId: number): Promise<CueSuggestionsView>;
  /**
   * Accepts the track for every scene of the scene's cue: each scene gets the next stretch of the
   * cue's section, continuing the one before, so one piece of music plays across the cue's cuts and
   * exports as one music clip.
   */
  acceptForCue(sceneId: number, trackId: number): Promise<CueSuggestionsView>;
  /** Drops the scene's accepted track (undo of a first accept). */
  clearAccepted(sceneId: number): Promise<SceneSuggestionsView>;
  /** Stores the editor's 1–5 rating of the pair (labelled data for fine-tuning); null takes the rating back. */
  rate(sceneId: number, trackId: number, score: number | null): Promise<SceneSuggestionsView>;
}

export interface ExportService {
  formats(): Promise<readonly ExportFormatView[]>;
  /**
   * The open project's cut in a format: each scene's accepted track with its section; scenes the
   * editor did not review get their top suggestion only with `fillUnreviewed`.
   */
  render(format: ExportFormat, options?: ExportOptions): Promise<ExportFile>;
  /**
   * Starts the preview render of the open project's cut with its music (an MP4 for sharing, −16 LUFS)
   * as a 'render' job; it writes `<project>/<project name> preview.mp4` when complete (the job's
   * message names the file) and nothing if cancelled or failed.
   */
  renderPreview(options?: PreviewRenderOptions): Promise<JobInfo>;
}

export interface JobService {
  list(): Promise<readonly JobInfo[]>;
  /** Asks a queued or running job to stop; finished work is kept. Unknown or finished ids are ignored. */
  cancel(jobId: string): Promise<void>;
}

export interface FolderService {
  /** Sub-folders of a folder on the machine that runs the engine (home when dir is null). */
  list(dir: string | null): Promise<FolderListing>;
}

/** Implemented by each host: Electron main (native dialogs) or the browser-mode server. */
export interface ShellService {
  capabilities(): Promise<ShellCapabilities>;
  /** The system's folder dialog; null when cancelled. Throws where nativeDialogs is false. */
  pickFolder(purpose: FolderPurpose): Promise<string | null>;
}

export interface CuefinderServices {
  app: AppService;
  project: ProjectService;
  library: LibraryService;
  suggestions: SuggestionService;
  export: ExportService;
  jobs: JobService;
  folders: FolderService;
  shell: ShellService;
}

export type ServiceName = keyof CuefinderServices;
export type MethodName<S extends ServiceName> = keyof CuefinderServices[S] & string;

type MethodTable = { readonly [S in ServiceName]: { readonly [M in MethodName<S>]: true } };

/**
 * Every callable method, at run time. The type makes this list exactly the interfaces above: a
 * method missing here or listed without existing fails to compile. Transports expose these and
 * refuse anything else (so `constructor`, `__proto__` … can never be reached).
 */
const METHOD_TABLE: MethodTable = {
  app: { state: true },
  project: { open: true, view: true, close: true, analyze: true, splitScene: true, mergeWithPrevious: true, setDetection: true, revertSceneEdit: true, cues: true, splitCue: true, joinCue: true },
  library: { open: true, view: true, index: true, tracks: true },
  suggestions: { suggest: true, forScene: true, forCue: true, acceptForCue: true, waveform: true, accept: true, setSection: true, reject: true, restore: true, clearAccepted: true, rate: true },
  export: { formats: true, render: true, renderPreview: true },
  jobs: { list: true, cancel: true },
  folders: { list: true },
  shell: { capabilities: true, pickFolder: true },
};

export const SERVICE_METHODS: { readonly [S in ServiceName]: readonly MethodName<S>[] } = Object.fromEntries(
  Object.entries(METHOD_TABLE).map(([service, methods]) => [service, Object.keys(methods)]),
) as { [S in ServiceName]: MethodName<S>[] };

export function isServiceMethod(service: string, method: string): boolean {
  return Object.hasOwn(METHOD_TABLE, service) && Object.hasOwn(METHOD_TABLE[service as ServiceName], method);
}

//#endregion

//#region Wire format

export type ErrorCode =
  | 'invalid-argument'
  | 'not-found'
  | 'forbidden'
  | 'no-project'
  | 'no-library'
  | 'no-model'
  | 'unsupported'
  | 'failed'
  | 'internal';

export interface ServiceErrorData {
  readonly code: ErrorCode;
  /** One sentence for the editor: what went wrong and, where possible, what to do. */
  readonly message: string;
}

export interface ServiceRequest {
  readonly service: string;
  readonly method: string;
  readonly args: readonly unknown[];
}

export type ServiceResponse<T = unknown> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ServiceErrorData };

/** A failed call as the UI receives it: the message is meant to be shown as is. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function unwrapResponse<T>(response: ServiceResponse<T>): T {
  if (response.ok) return response.value;
  throw new ServiceError(response.error.code, response.error.message);
}

/** Pushed to every connected UI: job progress, data that changed, and menu commands (Electron). */
export type AppEvent =
  | { readonly type: 'job'; readonly job: JobInfo }
  | { readonly type: 'changed'; readonly what: 'state' | 'project' | 'library' | 'suggestions' }
  | { readonly type: 'command'; readonly command: 'open-project' | 'open-library' | 'export' };

export type Invoke = (service: ServiceName, method: string, args: unknown[]) => Promise<unknown>;

/** A typed client over any transport's generic invoke, built from SERVICE_METHODS. */
export function createServiceClient(invoke: Invoke): CuefinderServices {
  const client: Record<string, Record<string, (...args: unknown[]) => Promise<unknown>>> = {};
  for (const [service, methods] of Object.entries(SERVICE_METHODS)) {
    client[service] = Object.fromEntries(methods.map((method) => [method, (...args: unknown[]) => invoke(service as ServiceName, method, args)]));
  }
  return client as unknown as CuefinderServices;
}

/** What the renderer gets from its host, in Electron (preload) and in the browser alike. */
export interface CuefinderBridge {
  readonly services: CuefinderServices;
  /** Subscribes to AppEvents; returns the unsubscribe function. */
  onEvent(listener: (event: AppEvent) => void): () => void;
  /** The URL the renderer loads a media file from. */
  mediaUrl(ref: MediaRef): string;
}

/** Path part of a media URL, the same in both transports: media/<kind>/<id>. */
export function mediaPath(ref: MediaRef): string {
  return `media/${ref.kind}/${ref.id}${ref.rev ? `?rev=${encodeURIComponent(ref.rev)}` : ''}`;
}

/** Electron IPC channel of one method; the preload and main derive it the same way. */
export function ipcChannel(service: ServiceName, method: string): string {
  return `cuefinder:${service}.${method}`;
}

export const IPC_EVENT_CHANNEL = 'cuefinder:event';
export const MEDIA_SCHEME = 'cuefinder-media';

//#endregion
