import type { Command } from 'commander';
import { resolve } from 'node:path';
import { openDatabase } from '../../engine/db/database';
import { projectTimeline } from '../../engine/project/projectTimeline';
import { RenderError, SCENE_SOUNDS, renderCut, type SceneSound } from '../../engine/render/renderCut';
import { parseFrameRate } from '../../../shared/time';
import { CliError, interruptSignal, log, printJson, resolveDbPath, type CommonOptions } from '../context';
import { createProgressBar } from '../progressBar';

interface RenderCliOptions extends CommonOptions {
  out: string;
  sceneSound: string;
  height?: string;
  rate?: string;
}

/** `cuefinder render <projectDir> --out cut.mp4`: the preview render of the project's cut with its music (engine/render/renderCut). */
export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('render the cut with its music under it to an MP4 for sharing (−16 LUFS, H.264 + AAC); Ctrl-C cancels and leaves nothing behind')
    .argument('<projectDir>', 'the analysed project folder')
    .requiredOption('--out <file>', 'the MP4 to write')
    .option('--scene-sound <mode>', 'the scenes’ own sound: duck (under music), mute or keep', 'duck')
    .option('--height <pixels>', 'picture height (default: the first video’s, at most 720)')
    .option('--rate <fps>', 'frame rate (default: the first video’s), e.g. 25 or 30000/1001')
    .option('--db <path>', 'database file')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (projectDir: string, opts: RenderCliOptions) => {
      if (!(SCENE_SOUNDS as readonly string[]).includes(opts.sceneSound)) throw new CliError(`--scene-sound must be one of ${SCENE_SOUNDS.join(', ')} (got ${opts.sceneSound})`);
      const height = opts.height === undefined ? undefined : Number.parseInt(opts.height, 10);
      if (height !== undefined && !(height >= 16 && height <= 4320)) throw new CliError(`--height must be between 16 and 4320 (got ${opts.height})`);
      let rate;
      try {
        rate = opts.rate === undefined ? undefined : parseFrameRate(opts.rate);
      } catch (err) {
        throw new CliError(`--rate: ${(err as Error).message}`);
      }
      const db = openDatabase(resolveDbPath(opts), { readonly: true });
      let timeline;
      try {
        timeline = projectTimeline(db, projectDir);
      } finally {
        db.close();
      }
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      try {
        const result = await renderCut(timeline, {
          out: resolve(opts.out),
          sceneSound: opts.sceneSound as SceneSound,
          height,
          rate,
          signal: interrupt.signal,
          // One bar stage for the whole render, so its ETA spans all three passes; the pass is shown as the item.
          onProgress: (p) => bar.update({ stage: 'render', done: Math.round(p.fraction * 100), total: 100, current: p.stage }),
        });
        bar.done();
        if (opts.json) printJson(result);
        else log(`wrote ${result.out}: ${result.durationSec.toFixed(2)} s, ${result.width}x${result.height}, in ${result.elapsedSec.toFixed(1)} s`);
      } catch (err) {
        if (err instanceof RenderError) throw new CliError(err.message === 'cancelled' ? 'cancelled: nothing was written' : err.message, err.message === 'cancelled' ? 130 : 1);
        throw err;
      } finally {
        bar.done();
        interrupt.dispose();
      }
    });
}
