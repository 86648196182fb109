import type { BoostingSession, GbdtEngine, GbdtParams, LabelledRows } from './gbdt';
import type { TreeDocument } from './treeEnsemble';

/**
 * The XGBoost C library (Debian libxgboost0 ≥ 1.0) through koffi. Handles are BigInt pointers;
 * every one a session creates is freed in `free()`, also when opening the session fails halfway.
 */

type Handle = bigint;

interface XgbApi {
  lastError(): string;
  createFromMat(data: Float32Array, rows: number, cols: number, missing: number, out: [Handle | null]): number;
  setFloatInfo(h: Handle, field: string, values: Float32Array, len: number): number;
  freeMatrix(h: Handle): number;
  createBooster(caches: Handle[], len: number, out: [Handle | null]): number;
  freeBooster(h: Handle): number;
  setParam(h: Handle, key: string, value: string): number;
  updateOneIter(h: Handle, iteration: number, train: Handle): number;
  predict(h: Handle, m: Handle, optionMask: number, treeLimit: number, training: number, outLen: [number | bigint], out: [Handle | null]): number;
  saveToBuffer(h: Handle, config: string, outLen: [number | bigint], out: [Handle | null]): number;
  copyFloats(p: Handle, n: number): Float32Array;
  copyBytes(p: Handle, n: number): Uint8Array;
}

const LIBRARY_CANDIDATES = [
  process.env.CUEFINDER_LIBXGBOOST,
  'libxgboost.so.0',
  'libxgboost.so',
  '/usr/lib/x86_64-linux-gnu/libxgboost.so.0',
  '/usr/lib/aarch64-linux-gnu/libxgboost.so.0',
  'libxgboost.dylib',
  'xgboost.dll',
].filter((p): p is string => Boolean(p));

export async function loadLibxgboostEngine(): Promise<GbdtEngine> {
  const api = await bindLibrary();
  return {
    name: 'libxgboost',
    engineSettings: libxgboostSettings,
    openSession: (train, validation, settings) => openSession(api, train, validation, settings),
  };
}

function libxgboostSettings(p: GbdtParams, baseScore: number): Record<string, number | string> {
  return {
    objective: 'reg:squarederror',
    tree_method: 'hist',
    grow_policy: 'lossguide',
    max_bin: 255,
    max_leaves: p.maxLeaves,
    max_depth: p.maxDepth,
    eta: p.learningRate,
    min_child_weight: p.minChildWeight,
    lambda: p.lambda,
    subsample: p.subsample,
    colsample_bynode: p.colsampleByNode,
    num_parallel_tree: p.parallelTrees,
    base_score: baseScore,
    seed: p.seed,
    nthread: p.threads,
    verbosity: 0,
  };
}

async function bindLibrary(): Promise<XgbApi> {
  const koffi = (await import('koffi')).default;
  // libgomp reads this once, when the library is loaded. Its default spin-waiting made nthread=2
  // 13× slower than nthread=1 (79 s vs 6 s) on a 2-core machine busy with other work; passive
  // waiting costs nothing measurable when the cores are free.
  process.env.OMP_WAIT_POLICY ??= 'passive';
  const failures: string[] = [];
  for (const path of LIBRARY_CANDIDATES) {
    let lib: ReturnType<typeof koffi.load>;
    try {
      lib = koffi.load(path);
    } catch (err) {
      failures.push(`${path}: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    const version = lib.func('void XGBoostVersion(_Out_ int *major, _Out_ int *minor, _Out_ int *patch)');
    const v: [number][] = [[0], [0], [0]];
    version(v[0], v[1], v[2]);
    // 1.0 brought reg:squarederror and JSON model export, both used below.
    if (v[0][0] < 1) {
      failures.push(`${path}: XGBoost ${v.map((x) => x[0]).join('.')} is older than 1.0`);
      continue;
    }
    const f = (decl: string) => lib.func(decl);
    return {
      lastError: f('const char *XGBGetLastError()'),
      createFromMat: f('int XGDMatrixCreateFromMat(const float *data, uint64_t nrow, uint64_t ncol, float missing, _Out_ void **out)'),
      setFloatInfo: f('int XGDMatrixSetFloatInfo(void *handle, const char *field, const float *array, uint64_t len)'),
      freeMatrix: f('int XGDMatrixFree(void *handle)'),
      createBooster: f('int XGBoosterCreate(void **dmats, uint64_t len, _Out_ void **out)'),
      freeBooster: f('int XGBoosterFree(void *handle)'),
      setParam: f('int XGBoosterSetParam(void *handle, const char *name, const char *value)'),
      updateOneIter: f('int XGBoosterUpdateOneIter(void *handle, int iter, void *dtrain)'),
      predict: f(
        'int XGBoosterPredict(void *handle, void *dmat, int option_mask, uint32_t ntree_limit, int training, _Out_ uint64_t *out_len, _Out_ void **out_result)',
      ),
      saveToBuffer: f('int XGBoosterSaveModelToBuffer(void *handle, const char *config, _Out_ uint64_t *out_len, _Out_ void **out_dptr)'),
      // Copies: XGBoost reuses these buffers on the next call.
      copyFloats: (p, n) => new Float32Array(koffi.view(p, n * 4)).slice(),
      copyBytes: (p, n) => new Uint8Array(koffi.view(p, n)).slice(),
    };
  }
  throw new Error(`libxgboost could not be loaded (${failures.join('; ')})`);
}

function openSession(
  api: XgbApi,
  train: LabelledRows,
  validation: LabelledRows | undefined,
  settings: Record<string, number | string>,
): BoostingSession {
  const check = (rc: number, call: string): void => {
    if (rc !== 0) throw new Error(`libxgboost ${call} failed: ${api.lastError().split('\n')[0]}`);
  };
  const matrices: Handle[] = [];
  let booster: Handle | null = null;
  const free = (): void => {
    if (booster !== null) api.freeBooster(booster);
    booster = null;
    for (const m of matrices.splice(0)) api.freeMatrix(m);
  };
  const toMatrix = ({ x, y }: LabelledRows): Handle => {
    const out: [Handle | null] = [null];
    check(api.createFromMat(x.data, x.rows, x.cols, NaN, out), 'XGDMatrixCreateFromMat');
    matrices.push(out[0]!);
    check(api.setFloatInfo(out[0]!, 'label', y, y.length), 'XGDMatrixSetFloatInfo');
    return out[0]!;
  };

  try {
    const dtrain = toMatrix(train);
    // The validation matrix is registered as a cache, so its predictions grow by one round per call.
    const dval = validation ? toMatrix(validation) : null;
    const out: [Handle | null] = [null];
    check(api.createBooster(matrices, matrices.length, out), 'XGBoosterCreate');
    booster = out[0]!;
    for (const [key, value] of Object.entries(settings)) check(api.setParam(booster, key, String(value)), `XGBoosterSetParam(${key})`);
    const live = (): Handle => {
      if (booster === null) throw new Error('libxgboost session used after free()');
      return booster;
    };

    return {
      boostOneRound: (iteration) => check(api.updateOneIter(live(), iteration, dtrain), 'XGBoosterUpdateOneIter'),
      predictValidation: () => {
        if (dval === null) throw new Error('libxgboost session has no validation set');
        const len: [number | bigint] = [0];
        const res: [Handle | null] = [null];
        check(api.predict(live(), dval, 0, 0, 0, len, res), 'XGBoosterPredict');
        return api.copyFloats(res[0]!, Number(len[0]));
      },
      exportTrees: () => {
        const len: [number | bigint] = [0];
        const res: [Handle | null] = [null];
        check(api.saveToBuffer(live(), '{"format": "json"}', len, res), 'XGBoosterSaveModelToBuffer');
        return treesFromXgboostJson(new TextDecoder().decode(api.copyBytes(res[0]!, Number(len[0]))));
      },
      free,
    };
  } catch (err) {
    free();
    throw err;
  }
}

interface XgbJsonTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: (number | boolean)[];
  categories_nodes?: number[];
}

/** Reads XGBoost's JSON model schema (1.x): leaves carry their weight in split_conditions. */
function treesFromXgboostJson(json: string): { baseScore: number; trees: TreeDocument[] } {
  const model = JSON.parse(json) as {
    learner: {
      learner_model_param: { base_score: string };
      gradient_booster: { model: { trees: XgbJsonTree[] } };
    };
  };
  // 1.x writes "5E-1"; 2.x writes a vector, "[5E-1]".
  const baseScore = Number(model.learner.learner_model_param.base_score.replace(/[[\]]/g, ''));
  const trees = model.learner.gradient_booster.model.trees.map((t, i): TreeDocument => {
    if (t.categories_nodes?.length) throw new Error(`xgboost tree ${i} has categorical splits, which are not supported`);
    return {
      left: t.left_children,
      right: t.right_children,
      feature: t.split_indices,
      value: t.split_conditions.map(Math.fround),
      defaultLeft: t.default_left.map(Number),
    };
  });
  return { baseScore, trees };
}
