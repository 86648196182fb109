#!/usr/bin/env node
// Builds out/ with electron-vite when it is missing or older than any source file, so a fresh
// clone can run the CLI, tests and benchmarks right after `npm ci`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'out', 'main', 'cli.js');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

export function ensureBuild() {
  const inputs = ['src', 'bench', 'electron.vite.config.ts', 'package.json'].map((p) => join(root, p)).filter(existsSync);
  if (existsSync(marker)) {
    const built = statSync(marker).mtimeMs;
    if (inputs.every((p) => newestMtime(p) <= built)) return;
  }
  process.stderr.write('cuefinder: building (electron-vite build)…\n');
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const res = spawnSync(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (res.status !== 0) {
    process.stderr.write('cuefinder: build failed\n');
    process.exit(res.status ?? 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) ensureBuild();
