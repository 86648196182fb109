import type { Command } from 'commander';
import { SCENE_SOUNDS } from '../../../shared/contract';
import { isCancellation } from '../../usecases/errors';
import { prepareRenderPreview } from '../../usecases/renderPreview';
import { CliError, interruptSignal, log, openCliContext, printJson, type CommonOptions } from '../context';
import { createProgressBar } from '../progressBar';

interface RenderCliOptions extends CommonOptions {
  out: string;
  sceneSound: string;
  height?: string;
  rate?: string;
}

/** `cuefinder render <projectDir> --out cut.mp4`: the preview render of the project's cut with its music (usecases/renderPreview). */
export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description('render the cut with its music under it to an MP4 for sharing (−16 LUFS, H.264 + AAC); Ctrl-C cancels and leaves nothing behind')
    .argument('<projectDir>', 'the analysed project folder')
    .requiredOption('--out <file>', 'the MP4 to write')
    .option('--scene-sound <mode>', `the scenes’ own sound: ${SCENE_SOUNDS.join(', ')} (duck: under the music)`, 'duck')
    .option('--height <pixels>', 'picture height (default: the first video’s, at most 720)')
    .option('--rate <fps>', 'frame rate (default: the first video’s), e.g. 25 or 30000/1001')
    .option('--db <path>', 'database file')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (projectDir: string, opts: RenderCliOptions) => {
      const ctx = openCliContext(opts);
      let render;
      try {
        render = prepareRenderPreview(ctx, {
          projectDir,
          out: opts.out,
          sceneSound: opts.sceneSound,
          height: opts.height === undefined ? undefined : Number(opts.height),
          rate: opts.rate,
        });
      } catch (err) {
        ctx.close();
        throw err;
      }
      const bar = createProgressBar();
      const interrupt = interruptSignal();
      try {
        const result = await render.run({
          signal: interrupt.signal,
          // One bar stage for the whole render, so its ETA spans all three passes; the pass is shown as the item.
          onProgress: (p) => bar.update({ stage: 'render', done: Math.round(p.fraction * 100), total: 100, current: p.stage }),
        });
        bar.done();
        if (opts.json) printJson(result);
        else log(`wrote ${result.out}: ${result.durationSec.toFixed(2)} s, ${result.width}x${result.height}, in ${result.elapsedSec.toFixed(1)} s`);
      } catch (err) {
        if (isCancellation(err)) throw new CliError('cancelled: nothing was written', 130);
        throw err;
      } finally {
        bar.done();
        interrupt.dispose();
        ctx.close();
      }
    });
}
