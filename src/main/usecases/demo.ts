import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateDemoLibrary, generateDemoProject } from '../engine/data/demoData';
import { expectString } from './validate';

/** The seed of the demo data: every newcomer gets the same library and footage. */
const DEMO_SEED = 7;

export interface DemoInput {
  /** Where the demo library, project, database and exports go. */
  out: unknown;
  /** Called before each data set is generated (not when an earlier run finished it). */
  onGenerate?: (what: string, dir: string) => void;
}

/** The demo's folders and files, for `suggest` and the exports. */
export interface DemoFolders {
  out: string;
  libraryDir: string;
  projectDir: string;
  db: string;
  edl: string;
  otio: string;
}

/** Generates a data set once; a marker file says it finished, so an interrupted run starts over. */
async function generateOnce(dir: string, what: string, make: () => Promise<unknown>, onGenerate: DemoInput['onGenerate']): Promise<void> {
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return;
  onGenerate?.(what, dir);
  await make();
  writeFileSync(marker, new Date().toISOString());
}

/**
 * The demo's built-in data in `out`: a generated music library (a dozen tracks in different moods)
 * and a generated project (about a minute of footage in several moods), each made once.
 */
export async function generateDemo(input: DemoInput): Promise<DemoFolders> {
  const out = resolve(expectString(input.out, 'The demo folder (--out)'));
  const libraryDir = join(out, 'library');
  const projectDir = join(out, 'project');
  mkdirSync(out, { recursive: true });
  await generateOnce(libraryDir, 'a demo music library', () => generateDemoLibrary(libraryDir, { seed: DEMO_SEED }), input.onGenerate);
  await generateOnce(projectDir, 'a demo project', () => generateDemoProject(projectDir, { seed: DEMO_SEED }), input.onGenerate);
  return { out, libraryDir, projectDir, db: join(out, 'cuefinder.db'), edl: join(out, 'demo.edl'), otio: join(out, 'demo.otio') };
}
