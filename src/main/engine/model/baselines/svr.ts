import { createRequire } from 'node:module';
import type { Matrix } from '../matrix';

/**
 * ε-SVR with an RBF kernel from libsvm-js (libsvm 3.22 in wasm). Models live in wasm memory that
 * the GC does not reclaim, so a fitted model is kept as libsvm's text serialisation and loaded only
 * for the duration of a `predict` call.
 */

interface LibsvmInstance {
  train(samples: number[][], labels: number[]): void;
  predict(samples: number[][]): number[];
  serializeModel(): string;
  free(): void;
}

interface LibsvmClass {
  new (options: Record<string, unknown>): LibsvmInstance;
  load(serialized: string): LibsvmInstance;
  SVM_TYPES: { EPSILON_SVR: string };
  KERNEL_TYPES: { RBF: string };
}

export interface SvrOptions {
  readonly cost: number;
  readonly epsilon: number;
  /** RBF width; default 1/features (libsvm's default, for standardised inputs). */
  readonly gamma?: number;
}

let libsvm: Promise<LibsvmClass> | null = null;

function loadLibsvm(): Promise<LibsvmClass> {
  libsvm ??= createRequire(import.meta.url)('libsvm-js') as Promise<LibsvmClass>;
  return libsvm;
}

export interface SvrModel {
  predict(x: Matrix): Promise<Float32Array>;
}

export async function fitSvr(x: Matrix, y: Float32Array, { cost, epsilon, gamma }: SvrOptions): Promise<SvrModel> {
  if (y.length !== x.rows) throw new Error(`SVR: ${x.rows} rows but ${y.length} labels`);
  const SVM = await loadLibsvm();
  const svm = new SVM({
    type: SVM.SVM_TYPES.EPSILON_SVR,
    kernel: SVM.KERNEL_TYPES.RBF,
    cost,
    epsilon,
    gamma: gamma ?? 1 / x.cols,
    quiet: true,
  });
  let serialized: string;
  try {
    svm.train(toRows(x), Array.from(y));
    serialized = svm.serializeModel();
  } finally {
    svm.free();
  }
  const features = x.cols;
  return {
    async predict(q) {
      if (q.cols !== features) throw new Error(`SVR was fitted on ${features} features, got ${q.cols}`);
      const model = SVM.load(serialized);
      try {
        return Float32Array.from(model.predict(toRows(q)));
      } finally {
        model.free();
      }
    },
  };
}

function toRows(m: Matrix): number[][] {
  return Array.from({ length: m.rows }, (_, i) => Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
}
