import { createRequire } from 'node:module';
import type { BoostingSession, GbdtEngine, GbdtParams, LabelledRows } from './gbdt';
import type { TreeDocument } from './treeEnsemble';

/**
 * ml-xgboost's wasm build of XGBoost (2018, pre-1.0): single-threaded, `reg:linear`, old binary
 * model format. The package's JS wrapper retrains from scratch on every call, so this drives the
 * raw Emscripten module's exports directly to add one round at a time for early stopping.
 */

interface XgbWasmModule {
  isReady: Promise<XgbWasmModule>;
  cwrap(name: string, ret: string | null, args: string[]): (...args: (number | string)[]) => number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  // Emscripten replaces these views when memory grows, so they are read fresh after every call.
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
}

interface WasmApi {
  module: XgbWasmModule;
  createModel(data: number, labels: number, rows: number, cols: number): number;
  setParam(model: number, key: string, value: string): void;
  train(model: number, rounds: number): void;
  predictOne(model: number, row: number, cols: number, out: number): number;
  saveModel(model: number): number;
  copySavedModel(dest: number, size: number): void;
  freeModel(model: number): void;
}

let aborted: string | null = null;

export async function loadMlXgboostEngine(): Promise<GbdtEngine> {
  const module = await (createRequire(import.meta.url)('ml-xgboost/dist/wasm/xgboost') as XgbWasmModule).isReady;
  const api: WasmApi = {
    module,
    createModel: module.cwrap('create_model', 'number', ['number', 'number', 'number', 'number']),
    setParam: module.cwrap('set_param', null, ['number', 'string', 'string']),
    train: module.cwrap('train_full_model', null, ['number', 'number']),
    predictOne: module.cwrap('predict_one', 'number', ['number', 'number', 'number', 'number']),
    saveModel: module.cwrap('save_model', 'number', ['number']),
    copySavedModel: module.cwrap('get_file_content', null, ['number', 'number']),
    freeModel: module.cwrap('free_memory_model', null, ['number']),
  };
  return {
    name: 'ml-xgboost',
    engineSettings: mlXgboostSettings,
    openSession: (train, validation, settings) => openSession(api, train, validation, settings),
  };
}

function mlXgboostSettings(p: GbdtParams, baseScore: number): Record<string, number | string> {
  return {
    objective: 'reg:linear',
    tree_method: 'exact',
    max_depth: p.maxDepth || Math.ceil(Math.log2(Math.max(2, p.maxLeaves))),
    eta: p.learningRate,
    min_child_weight: p.minChildWeight,
    lambda: p.lambda,
    subsample: p.subsample,
    colsample_bylevel: p.colsampleByNode,
    num_parallel_tree: p.parallelTrees,
    base_score: baseScore,
    // This XGBoost parses `seed` as a 32-bit signed int and aborts on a larger one; seeds here are uint32.
    seed: p.seed % 0x7fffffff,
    nthread: 1,
    silent: 1,
  };
}

/**
 * Runs a wasm call. An XGBoost error aborts the Emscripten runtime with a thrown string; the
 * module is not trustworthy afterwards, so every later call is refused.
 */
function guarded<T>(what: string, call: () => T): T {
  if (aborted) throw new Error(`ml-xgboost is unusable in this process after an earlier failure (${aborted})`);
  try {
    return call();
  } catch (err) {
    if (err instanceof Error) throw err;
    // The thrown value is a bare pointer; XGBoost has already printed its own message to stderr.
    aborted = `${what} failed inside XGBoost (its message is on stderr)`;
    throw new Error(`ml-xgboost ${aborted}`, { cause: err });
  }
}

function openSession(
  api: WasmApi,
  train: LabelledRows,
  validation: LabelledRows | undefined,
  settings: Record<string, number | string>,
): BoostingSession {
  const m = api.module;
  const allocations: number[] = [];
  let model = 0;
  const copyIn = (values: Float32Array): number => {
    const ptr = m._malloc(values.byteLength);
    allocations.push(ptr);
    m.HEAPU8.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), ptr);
    return ptr;
  };
  const free = (): void => {
    // After an abort the heap is in an unknown state; leaking is safer than calling into it.
    if (!aborted) {
      if (model) api.freeModel(model);
      for (const p of allocations) m._free(p);
    }
    model = 0;
    allocations.length = 0;
  };

  try {
    const { x, y } = train;
    // XGDMatrixCreateFromMat copies the rows; the buffers are still released only in free(), with the rest.
    model = guarded('create_model', () => api.createModel(copyIn(x.data), copyIn(y), x.rows, x.cols));
    if (!model) throw new Error('ml-xgboost could not create a model');
    for (const [key, value] of Object.entries(settings)) guarded(`set_param(${key})`, () => api.setParam(model, key, String(value)));
    const valRows = validation ? copyIn(validation.x.data) : 0;
    const out = m._malloc(16);
    allocations.push(out);

    return {
      boostOneRound: () => guarded('train', () => api.train(model, 1)),
      predictValidation: () => {
        if (!validation) throw new Error('ml-xgboost session has no validation set');
        const { rows, cols } = validation.x;
        const preds = new Float32Array(rows);
        guarded('predict_one', () => {
          for (let i = 0; i < rows; i++) {
            api.predictOne(model, valRows + i * cols * 4, cols, out);
            preds[i] = m.HEAPF32[out >> 2];
          }
        });
        return preds;
      },
      exportTrees: () =>
        guarded('save_model', () => {
          const size = api.saveModel(model);
          if (size <= 0) throw new Error('ml-xgboost could not save the model');
          const buf = m._malloc(size);
          try {
            api.copySavedModel(buf, size);
            return treesFromLegacyBinary(m.HEAPU8.slice(buf, buf + size));
          } finally {
            m._free(buf);
          }
        }),
      free,
    };
  } catch (err) {
    free();
    throw err;
  }
}

/**
 * Reads XGBoost's pre-1.0 binary model (LearnerModelParam, objective and booster names,
 * GBTreeModelParam, then per tree TreeParam + nodes + stats). Only what prediction needs is kept.
 */
function treesFromLegacyBinary(bytes: Uint8Array): { baseScore: number; trees: TreeDocument[] } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  const need = (n: number): void => {
    if (pos + n > bytes.byteLength) throw new Error(`legacy xgboost model is truncated at byte ${pos}`);
  };
  const i32 = (at: number): number => view.getInt32(at, true);
  const readString = (): string => {
    need(8);
    const len = Number(view.getBigUint64(pos, true));
    pos += 8;
    need(len);
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + len));
    pos += len;
    return s;
  };

  need(136);
  const baseScore = view.getFloat32(0, true);
  pos = 136;
  readString(); // objective name
  const booster = readString();
  if (booster !== 'gbtree') throw new Error(`legacy xgboost model uses booster "${booster}"; only gbtree is supported`);
  need(160);
  const numTrees = i32(pos);
  if (i32(pos + 4) !== 1 || i32(pos + 24) !== 1) throw new Error('legacy xgboost model has several roots or output groups');
  pos += 160;

  const trees: TreeDocument[] = [];
  for (let t = 0; t < numTrees; t++) {
    need(148);
    const numNodes = i32(pos + 4);
    if (i32(pos + 20) !== 0) throw new Error(`legacy xgboost tree ${t} has leaf vectors`);
    pos += 148;
    need(numNodes * 36);
    const tree = { left: [] as number[], right: [] as number[], feature: [] as number[], value: [] as number[], defaultLeft: [] as number[] };
    for (let k = 0; k < numNodes; k++) {
      const at = pos + k * 20;
      const splitIndex = view.getUint32(at + 12, true);
      tree.left.push(i32(at + 4));
      tree.right.push(i32(at + 8));
      tree.feature.push(splitIndex & 0x7fffffff);
      tree.defaultLeft.push(splitIndex >>> 31);
      tree.value.push(view.getFloat32(at + 16, true));
    }
    // Nodes (20 bytes each) are followed by per-node stats (16 bytes each) that prediction ignores.
    pos += numNodes * 36;
    trees.push(tree);
  }
  return { baseScore, trees };
}
