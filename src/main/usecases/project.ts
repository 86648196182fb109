import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectionFor, saveDetection } from '../engine/db/projectRepository';
import type { JobProgress } from '../engine/jobs/progress';
import { analyzeProject, type AnalyzeProjectResult } from '../engine/project/projectAnalyzer';
import { DEFAULT_MIN_SCENE_LENGTH_SEC, DEFAULT_SENSITIVITY } from '../engine/video/sceneDetector';
import { storing, type UsecaseContext } from './context';
import { UsecaseError } from './errors';
import { requireSlots } from './slots';
import { describeValue, expectNumber, expectString } from './validate';

/** A scene longer than this is no scene cut at all; the bound only keeps typos out. */
export const MAX_MIN_SCENE_SEC = 600;

/** A project's scene detection, as the editor steers it. */
export interface DetectionSettings {
  /** 0..1, higher finds more cuts. */
  sensitivity: number;
  /** Shortest scene in seconds, above 0 (a 0 would allow scenes shorter than a frame). */
  minSceneLengthSec: number;
}

export const DEFAULT_DETECTION: Readonly<DetectionSettings> = { sensitivity: DEFAULT_SENSITIVITY, minSceneLengthSec: DEFAULT_MIN_SCENE_LENGTH_SEC };

/** How each front door names the settings in its messages: the CLI by its flags, the app by its labels. */
const FIELD_NAMES = {
  cli: { sensitivity: 'The scene-cut sensitivity (--sensitivity)', minSceneLengthSec: 'The shortest scene in seconds (--min-scene-len)' },
  app: { sensitivity: 'The cut sensitivity', minSceneLengthSec: 'The minimum scene length in seconds' },
} as const;
export type FrontDoor = keyof typeof FIELD_NAMES;

export interface DetectionInput {
  projectDir: unknown;
  /** 0..1; left out: the project's stored value. */
  sensitivity?: unknown;
  /** Seconds, above 0; left out: the project's stored value. */
  minSceneLengthSec?: unknown;
  /** Whose words name a bad value (default: the CLI's flags). */
  door?: FrontDoor;
}

/** The values given, checked (each named as the door names it); undefined when none is given. */
function checkDetection(input: DetectionInput): Partial<DetectionSettings> | undefined {
  const names = FIELD_NAMES[input.door ?? 'cli'];
  const given: Partial<DetectionSettings> = {};
  if (input.sensitivity !== undefined) given.sensitivity = expectNumber(input.sensitivity, names.sensitivity, 0, 1);
  if (input.minSceneLengthSec !== undefined) given.minSceneLengthSec = expectNumber(input.minSceneLengthSec, names.minSceneLengthSec, 0, MAX_MIN_SCENE_SEC, { above: true });
  return Object.keys(given).length ? given : undefined;
}

/** A field's name inside a sentence: "the cut sensitivity". */
const lower = (name: string): string => name.replace(/^The /, '');

const stored = (ctx: UsecaseContext, root: string): DetectionSettings => ({ ...DEFAULT_DETECTION, ...detectionFor(ctx.db, root) });

const isFolder = (path: string): boolean => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The scene detection settings of a project folder: the ones stored for it, the defaults where none are. */
export function projectDetection(ctx: UsecaseContext, input: { projectDir: unknown }): DetectionSettings {
  return stored(ctx, resolve(expectString(input.projectDir, 'The project folder')));
}

/**
 * Checks and stores a project's scene detection settings; a value left out keeps the stored one.
 * Returns the settings now in force. The caller analyses again (analyzeFootage uses them).
 */
export async function setProjectDetection(ctx: UsecaseContext, input: DetectionInput): Promise<DetectionSettings> {
  const root = resolve(expectString(input.projectDir, 'The project folder'));
  const given = checkDetection(input);
  if (!given) {
    const names = FIELD_NAMES[input.door ?? 'cli'];
    throw new UsecaseError('invalid-argument', `Give the ${lower(names.sensitivity)}, the ${lower(names.minSceneLengthSec)} or both (got ${describeValue(input.sensitivity)} and ${describeValue(input.minSceneLengthSec)}).`);
  }
  return storing(ctx, () => {
    const settings = { ...stored(ctx, root), ...given };
    saveDetection(ctx.db, root, settings);
    return settings;
  });
}

export interface AnalyzeFootageInput {
  projectDir: unknown;
  /** 0..1, higher finds more cuts; left out: the project's stored setting (0.5 when none). Given: stored for the project. */
  sensitivity?: unknown;
  /** Shortest scene in seconds, above 0; left out: the project's stored setting (0.6 when none). Given: stored for the project. */
  minSceneLengthSec?: unknown;
  /** Try videos that failed before again, also those whose failure was the file's content. */
  retryFailed?: boolean;
  /** Make a playable proxy for each video a browser cannot decode (the app asks; the CLI does not). */
  playableProxies?: boolean;
  signal?: AbortSignal;
  onProgress?: (p: JobProgress) => void;
}

/**
 * Analyses a project folder incrementally (scenes, thumbnails, features), for `analyze` and the app
 * alike, with the project's detection settings. Settings given here become the project's (a value
 * left out keeps its stored one); the editor's split and join corrections apply as always.
 */
export async function analyzeFootage(ctx: UsecaseContext, input: AnalyzeFootageInput): Promise<AnalyzeProjectResult> {
  const projectDir = expectString(input.projectDir, 'The project folder');
  const root = resolve(projectDir);
  const given = checkDetection({ projectDir, sensitivity: input.sensitivity, minSceneLengthSec: input.minSceneLengthSec });
  const { video } = await requireSlots();
  return storing(ctx, () => {
    const detection = { ...stored(ctx, root), ...given };
    // Only for a folder there is: analysing anything else fails, and must leave nothing behind.
    if (given && isFolder(root)) saveDetection(ctx.db, root, detection);
    return analyzeProject(ctx.db, projectDir, {
      videoEmbedding: video,
      cacheDir: ctx.cacheDir,
      sensitivity: detection.sensitivity,
      minSceneLengthSec: detection.minSceneLengthSec,
      retryFailed: input.retryFailed === true,
      playableProxies: input.playableProxies === true,
      signal: input.signal,
      onProgress: input.onProgress,
    });
  });
}
