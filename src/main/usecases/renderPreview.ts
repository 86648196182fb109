import { basename, join, resolve } from 'node:path';
import { SCENE_SOUNDS } from '../../shared/contract';
import { parseFrameRate, type FrameRate } from '../../shared/time';
import type { Timeline } from '../engine/export/timeline';
import { projectTimeline } from '../engine/project/projectTimeline';
import { RenderError, renderCut, type RenderProgress, type RenderResult } from '../engine/render/renderCut';
import type { UsecaseContext } from './context';
import { asUsecaseError, UsecaseError } from './errors';
import { expectOneOf, expectString, expectWholeNumber } from './validate';

/** Picture heights a preview can have: from a thumbnail to 8K. */
const HEIGHT_RANGE = { min: 16, max: 4320 } as const;

export interface RenderPreviewInput {
  projectDir: unknown;
  /** The MP4 to write; by default "<project> preview.mp4" in the project folder. */
  out?: unknown;
  /** The scenes' own sound under the music: duck (default), mute or keep. */
  sceneSound?: unknown;
  /** Picture height in pixels; by default the first video's, at most 720. */
  height?: unknown;
  /** Frame rate as text ("25", "30000/1001"); by default the first video's. */
  rate?: unknown;
  /**
   * Scenes the editor accepted nothing for get their top suggestion (the CLI's unattended cut, the
   * default) or no music (the app renders what the editor chose).
   */
  fillUnreviewed?: boolean;
}

/** A render whose arguments and cut are checked, ready to run (the app runs it as a job). */
export interface PreparedRender {
  readonly out: string;
  /** Renders; a cancelled render leaves nothing behind and rejects with an AbortError. */
  run(opts?: { signal?: AbortSignal; onProgress?: (p: RenderProgress) => void }): Promise<RenderResult>;
}

/**
 * The preview render of the project's cut with its music under it (engine/render/renderCut), for
 * `render` and the export dialog alike. Checks the arguments and builds the cut at once, so a bad
 * option or a project with nothing to render is refused before any work starts.
 */
export function prepareRenderPreview(ctx: UsecaseContext, input: RenderPreviewInput): PreparedRender {
  const sceneSound = expectOneOf(input.sceneSound ?? 'duck', SCENE_SOUNDS, 'The scene sound option (--scene-sound)');
  const height = input.height === undefined ? undefined : expectWholeNumber(input.height, 'The picture height (--height)', HEIGHT_RANGE.min, HEIGHT_RANGE.max);
  let rate: FrameRate | undefined;
  if (input.rate !== undefined) {
    try {
      rate = parseFrameRate(expectString(input.rate, 'The frame rate (--rate)'));
    } catch (err) {
      throw err instanceof UsecaseError ? err : new UsecaseError('invalid-argument', `The frame rate (--rate): ${(err as Error).message}`);
    }
  }
  const dir = resolve(expectString(input.projectDir, 'The project folder'));
  const out = input.out === undefined ? join(dir, `${basename(dir) || dir} preview.mp4`) : resolve(expectString(input.out, 'The output file (--out)'));
  let timeline: Timeline;
  try {
    timeline = projectTimeline(ctx.db, dir, { fillUnreviewed: input.fillUnreviewed ?? true });
  } catch (err) {
    throw asUsecaseError(err) ?? err;
  }
  return {
    out,
    async run(opts = {}) {
      try {
        return await renderCut(timeline, { out, sceneSound, height, rate, signal: opts.signal, onProgress: opts.onProgress });
      } catch (err) {
        if (err instanceof RenderError && err.message === 'cancelled') throw new DOMException('the render was cancelled: nothing was written', 'AbortError');
        throw asUsecaseError(err, `The output ${out}`) ?? err;
      }
    },
  };
}
