import { spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/main/engine/db/database';
import { projectTimeline } from '../src/main/engine/project/projectTimeline';
import { buildTimeline, type Timeline } from '../src/main/engine/export/timeline';
import { RATES, formatFrameRate } from '../src/shared/time';
import { readBack, readerPython, writeEveryFormat } from '../test/helpers/exportReaders';
import { generatedProjectCues } from '../test/helpers/generatedCues';

/**
 * `npm run bench -- exports`: the demo project (generated and suggested by `cuefinder demo` in the
 * work folder, once) and a generated three-video project at 23.976, 25 and 29.97 DF, written in
 * every format (bar markers on the demo, beat markers on the generated ones) and read back by
 * OpenTimelineIO and its adapters (test/readers). Reports pass/fail
 * and the readers' problems per file, the reader versions, and write and read times.
 */
export async function runExportsBench(opts: { workDir: string; entryDir: string }): Promise<Record<string, unknown>> {
  const found = readerPython();
  if (!('python' in found)) return { skipped: found.missing };
  const demoDir = join(opts.workDir, 'demo');
  if (!existsSync(join(demoDir, 'cuefinder.db'))) {
    const cli = join(opts.entryDir, 'cli.js');
    const run = spawnSync(process.execPath, [cli, 'demo', '--out', demoDir], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (run.status !== 0) throw new Error(`cuefinder demo failed (exit ${run.status})`);
  }
  const db = openDatabase(join(demoDir, 'cuefinder.db'), { readonly: true });
  const demo = projectTimeline(db, realpathSync(join(demoDir, 'project')), { markers: 'bars' });
  db.close();

  const projects: Array<{ name: string; timeline: Timeline }> = [{ name: `demo-${formatFrameRate(demo.rate)}`, timeline: demo }];
  for (const [label, rate] of [['23.976', RATES.fps23_976], ['25', RATES.fps25], ['29.97df', RATES.fps29_97]] as const) {
    projects.push({ name: `generated-${label}`, timeline: buildTimeline('Generated three-video project', generatedProjectCues(rate), { markers: 'beats' }) });
  }
  const writeStart = performance.now();
  const entries = projects.flatMap(({ name, timeline }) => writeEveryFormat(timeline, join(opts.workDir, 'files', name), name));
  const writeMs = performance.now() - writeStart;
  const readStart = performance.now();
  const report = readBack(found.python, entries, opts.workDir);
  const readMs = performance.now() - readStart;
  const files = report.results.map((r, i) => ({
    project: entries[i].path.split('/').at(-2),
    format: r.format,
    reader: r.reader,
    pass: r.problems.length === 0,
    clips: { picture: entries[i].expect.video.length, music: entries[i].expect.music.length },
    markers: entries[i].expect.music.reduce((n, clip) => n + (clip.markers?.length ?? 0), 0),
    counts: r.counts,
    problems: r.problems,
    notes: r.notes,
  }));
  return {
    readers: report.versions,
    passed: files.filter((f) => f.pass).length,
    failed: files.filter((f) => !f.pass).length,
    writeMsAllFiles: Math.round(writeMs),
    readMsAllFiles: Math.round(readMs),
    files,
  };
}
