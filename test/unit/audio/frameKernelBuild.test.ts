import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The WebAssembly frame kernel is committed (frameKernel.wasm.ts) so that building Cuefinder needs
 * no C compiler; this checks that it is what frameKernel.c compiles to. It needs clang-14 and
 * wasm-ld-14 (CI installs them and sets CUEFINDER_KERNEL_CHECK=1, so there a missing compiler fails).
 */
const root = join(__dirname, '..', '..', '..');
const hasCompiler = ['clang-14', 'wasm-ld-14'].every((tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0);
const required = process.env.CUEFINDER_KERNEL_CHECK === '1';

describe('frame kernel build', () => {
  it.skipIf(!hasCompiler && !required)('the committed WebAssembly is what frameKernel.c compiles to', () => {
    const check = spawnSync('bash', [join(root, 'scripts', 'build-frame-kernel.sh'), '--check'], { encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  }, 60_000);
});
