import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

/** Which TensorFlow.js backend runs the models, and whether it is native (libtensorflow) code. */
export interface TfBackendInfo {
  readonly backend: string;
  readonly native: boolean;
  /** Why each backend tried before this one was skipped (for diagnostics: a fall-back to cpu is ~30× slower). */
  readonly skipped: readonly string[];
}

export type BackendCandidate = 'tfjs-node-gpu' | 'tfjs-node' | 'wasm' | 'cpu';

const OVERRIDE_VAR = 'CUEFINDER_TF_BACKEND';
const NATIVE_PACKAGES: Record<'tfjs-node-gpu' | 'tfjs-node', string> = {
  'tfjs-node-gpu': '@tensorflow/tfjs-node-gpu',
  'tfjs-node': '@tensorflow/tfjs-node',
};

/**
 * The order in which backends are tried. `CUEFINDER_TF_BACKEND=wasm|cpu` pins one backend (tests,
 * benchmarks); any other value is a configuration mistake and throws rather than silently falling back.
 */
export function backendPlan(env: Record<string, string | undefined> = process.env): BackendCandidate[] {
  const pinned = env[OVERRIDE_VAR];
  if (pinned === undefined || pinned === '') return ['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'];
  if (pinned === 'wasm' || pinned === 'cpu') return [pinned];
  throw new Error(`${OVERRIDE_VAR}=${pinned} is not supported; use "wasm" or "cpu" (or leave it unset)`);
}

let selected: Promise<TfBackendInfo> | null = null;
let active: TfBackendInfo | null = null;

/**
 * Selects and initialises the backend once per process (later calls return the same result):
 * tfjs-node-gpu, then tfjs-node (optional dependencies whose install needs a download, so usually
 * absent), then wasm with SIMD (single-threaded under Node), then the pure-JS cpu backend.
 * Everything is loaded from node_modules; nothing is downloaded.
 */
export function initTf(): Promise<TfBackendInfo> {
  selected ??= selectBackend(backendPlan()).then((info) => (active = info));
  return selected;
}

/** Throws a clear error when models are used before `await initTf()` finished. */
export function assertTfReady(): void {
  if (!active) throw new Error('TensorFlow.js is not initialised: await initTf() before creating or loading a model');
}

async function selectBackend(plan: BackendCandidate[]): Promise<TfBackendInfo> {
  await registerGradients();
  const skipped: string[] = [];
  for (const candidate of plan) {
    try {
      const backend = await activate(candidate);
      if (backend) return { backend, native: backend === 'tensorflow', skipped };
      skipped.push(`${candidate}: setBackend returned false`);
    } catch (err) {
      skipped.push(`${candidate}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  throw new Error(`no TensorFlow.js backend could be initialised (${skipped.join('; ')})`);
}

/** Loads and activates one candidate; returns the tfjs backend name, or null when tfjs refused it. */
async function activate(candidate: BackendCandidate): Promise<string | null> {
  if (candidate === 'tfjs-node-gpu' || candidate === 'tfjs-node') {
    // A computed specifier keeps bundlers from resolving a package that is normally not installed.
    const specifier = NATIVE_PACKAGES[candidate];
    await import(/* @vite-ignore */ specifier);
    return (await tf.setBackend('tensorflow')) ? 'tensorflow' : null;
  }
  if (candidate === 'wasm') {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    const require = createRequire(import.meta.url);
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'))}/`);
    return (await tf.setBackend('wasm')) ? 'wasm' : null;
  }
  await import('@tensorflow/tfjs-backend-cpu');
  return (await tf.setBackend('cpu')) ? 'cpu' : null;
}

/**
 * tfjs-core ships its gradient registrations only as extensionless ESM
 * (`dist/register_all_gradients`), which plain Node cannot load. The CommonJS bundle of
 * tfjs-layers registers the same gradient set into tfjs' process-global registry, so it stands in.
 */
async function registerGradients(): Promise<void> {
  if (!tf.getGradient(tf.Relu)) await import('@tensorflow/tfjs-layers');
}
