import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runIndexBench } from './indexBench';

/**
 * `npm run bench -- <name…>`: runs the named benchmarks (all when none are named) and writes one
 * JSON file per benchmark to bench-results/ (and the JSON to stdout).
 */
const benches: Record<string, (workDir: string) => Promise<Record<string, unknown>>> = {
  index: (workDir) => runIndexBench({ workDir, entryDir: import.meta.dirname ?? resolve('out/main') }),
};

const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const selected = names.length ? names : Object.keys(benches);
const outDir = resolve('bench-results');
mkdirSync(outDir, { recursive: true });
for (const name of selected) {
  const run = benches[name];
  if (!run) {
    process.stderr.write(`unknown benchmark '${name}'; known: ${Object.keys(benches).join(', ')}\n`);
    process.exitCode = 2;
    continue;
  }
  const workDir = join(outDir, `work-${name}`);
  mkdirSync(workDir, { recursive: true });
  process.stderr.write(`bench ${name}…\n`);
  const result = { bench: name, date: new Date().toISOString(), ...(await run(workDir)) };
  const file = join(outDir, `${name}.json`);
  writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
  process.stdout.write(JSON.stringify(result, null, 2) + '\n');
  process.stderr.write(`wrote ${file}\n`);
}
