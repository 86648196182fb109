import * as tf from '@tensorflow/tfjs-core';
import { AFFECT_DIM, targetToScore } from '../../../shared/affect';
import { batchedForward, checkShape, dense } from './layers';
import { hconcat, matrix, type Matrix } from './matrix';
import { biasSpec, Params, weightSpec, type ParamSpec } from './params';
import type { WeightMap } from './weights';

/**
 * AFCLNet (spec §6): 8-head self-attention per modality on the DCCA features, 4-head mutual attention
 * between each projected objective feature and the perceptual affect p, stride-3 max-pool of
 * [e_v, e_a, p] into p*, and a CGC multi-task backbone on z = [s_v; s_a; p*] with a matching tower
 * (sigmoid, y = (s − 1)/4) and an affect tower (sigmoid, 16 affects in [0, 1]).
 */

/** How attention treats a feature vector. See docs/afclnet.md. */
export type AttentionMode =
  /** Each head attends among its d feature positions (d×d weights per head): the default. */
  | 'featurewise'
  /** The literal reading: the vector is one token, softmax over one key is 1, so a head returns its value. */
  | 'token';

/** How p* is pooled from e_v, e_a and p (each affectDim wide). */
export type PoolMode =
  /** Max over the three vectors per affect dimension (= MaxPool1D(3, 3) over the interleaved concat): the default. */
  | 'elementwise'
  /** Keras MaxPool1D(3, 3) over the plain concat [e_v, e_a, p]: consecutive triples. */
  | 'consecutive';

export interface CgcConfig {
  readonly sharedExperts: number;
  /** Experts owned by each task. */
  readonly taskExperts: number;
  /** Widths of each expert's ReLU layers; the last is the expert output width. */
  readonly expertHidden: readonly number[];
  /** Width of each tower's ReLU layer. */
  readonly towerHidden: number;
}

export interface AfclnetConfig {
  readonly audioDim: number;
  readonly videoDim: number;
  readonly affectDim: number;
  readonly selfHeads: number;
  readonly mutualHeads: number;
  readonly attnMode: AttentionMode;
  /**
   * Adds the input back to the self-attention output (s = x + attention(x)). The paper mentions no
   * residual; without it the block must relearn the identity (see docs/afclnet.md for the comparison).
   */
  readonly selfResidual: boolean;
  readonly poolMode: PoolMode;
  readonly cgc: CgcConfig;
  /** Weight of the affect MAE (matched pairs only). */
  readonly lambdaAff: number;
  /** Weight of the feature-consistency term (matched pairs only). */
  readonly lambdaFc: number;
  readonly useSelfAttention: boolean;
  readonly useMutualAttention: boolean;
  readonly useFeatureConsistency: boolean;
  readonly useAffectTask: boolean;
  /** Which inputs feed the network (Table 3): attention needs the inputs it relates. */
  readonly inputs: 'both' | 'perceptual' | 'objective';
  /**
   * 'fused' (the paper): p is the 16-d fused affect. 'pair' (Cuefinder's extension): p is
   * [music affect; video affect], each mutual-attention block is guided by its own modality's affect,
   * and the agreement terms p_m ⊙ p_v and |p_m − p_v| join z — the fused mean alone cannot tell a
   * matched pair from two opposite moods that average out.
   */
  readonly perceptual: 'fused' | 'pair';
}

export const DEFAULT_AFCLNET_CONFIG: AfclnetConfig = {
  audioDim: 80,
  videoDim: 80,
  affectDim: AFFECT_DIM,
  selfHeads: 8,
  mutualHeads: 4,
  attnMode: 'featurewise',
  selfResidual: true,
  poolMode: 'elementwise',
  cgc: { sharedExperts: 2, taskExperts: 2, expertHidden: [128, 64], towerHidden: 32 },
  lambdaAff: 1,
  lambdaFc: 0.1,
  useSelfAttention: true,
  useMutualAttention: true,
  useFeatureConsistency: true,
  useAffectTask: true,
  inputs: 'both',
  perceptual: 'fused',
};

/** The default config with overrides applied, checked for consistency (throws a clear error). */
export function afclnetConfig(overrides: Partial<AfclnetConfig> = {}): AfclnetConfig {
  const c: AfclnetConfig = { ...DEFAULT_AFCLNET_CONFIG, ...overrides, cgc: { ...DEFAULT_AFCLNET_CONFIG.cgc, ...overrides.cgc } };
  const fail = (why: string) => {
    throw new Error(`invalid AFCLNet config: ${why}`);
  };
  if (c.audioDim % c.selfHeads || c.videoDim % c.selfHeads) fail(`selfHeads ${c.selfHeads} must divide audioDim ${c.audioDim} and videoDim ${c.videoDim}`);
  if (c.affectDim % c.mutualHeads) fail(`mutualHeads ${c.mutualHeads} must divide affectDim ${c.affectDim}`);
  if (c.cgc.sharedExperts + c.cgc.taskExperts < 1) fail('the CGC needs at least one expert per task');
  if (c.cgc.expertHidden.length < 1) fail('experts need at least one layer');
  if (!['both', 'perceptual', 'objective'].includes(c.inputs)) fail(`inputs "${c.inputs}"`);
  if (!['featurewise', 'token'].includes(c.attnMode)) fail(`attnMode "${c.attnMode}"`);
  if (!['elementwise', 'consecutive'].includes(c.poolMode)) fail(`poolMode "${c.poolMode}"`);
  if (!['fused', 'pair'].includes(c.perceptual)) fail(`perceptual "${c.perceptual}"`);
  return c;
}

/** Which parts of the graph a config switches on. */
export function activeParts(c: AfclnetConfig) {
  const objective = c.inputs !== 'perceptual';
  const perceptual = c.inputs !== 'objective';
  return {
    objective,
    perceptual,
    selfAttention: objective && c.useSelfAttention,
    mutualAttention: objective && perceptual && c.useMutualAttention,
    featureConsistency: objective && c.useFeatureConsistency && c.lambdaFc > 0,
    affectTask: c.useAffectTask,
    zDim: (objective ? c.videoDim + c.audioDim : 0) + (perceptual ? (c.perceptual === 'pair' ? 3 : 1) * c.affectDim : 0),
  };
}

type Task = 'match' | 'affect';

function tasksOf(c: AfclnetConfig): Task[] {
  return c.useAffectTask ? ['match', 'affect'] : ['match'];
}

function attentionSpecs(prefix: string, dim: number, mode: AttentionMode): ParamSpec[] {
  const names = mode === 'featurewise' ? ['wq', 'wk', 'wv', 'wo'] : ['wv', 'wo'];
  return names.map((n) => weightSpec(`${prefix}.${n}.w`, dim, dim));
}

function expertSpecs(name: string, inDim: number, hidden: readonly number[]): ParamSpec[] {
  let width = inDim;
  return hidden.flatMap((h, i) => {
    const specs = [weightSpec(`${name}.l${i}.w`, width, h), biasSpec(`${name}.l${i}.b`, h)];
    width = h;
    return specs;
  });
}

/** Every weight the configured graph uses; ablations drop theirs. */
export function afclnetParamSpecs(c: AfclnetConfig): ParamSpec[] {
  const parts = activeParts(c);
  const specs: ParamSpec[] = [];
  for (const [m, dim] of [['v', c.videoDim], ['a', c.audioDim]] as const) {
    if (parts.selfAttention) specs.push(...attentionSpecs(`self.${m}`, dim, c.attnMode));
    if (parts.mutualAttention) {
      specs.push(weightSpec(`mutual.${m}.proj.w`, dim, c.affectDim), biasSpec(`mutual.${m}.proj.b`, c.affectDim));
      specs.push(...attentionSpecs(`mutual.${m}`, c.affectDim, c.attnMode));
    }
  }
  const { cgc } = c;
  const expertOut = cgc.expertHidden[cgc.expertHidden.length - 1];
  for (let j = 0; j < cgc.sharedExperts; j++) specs.push(...expertSpecs(`cgc.shared${j}`, parts.zDim, cgc.expertHidden));
  for (const task of tasksOf(c)) {
    for (let j = 0; j < cgc.taskExperts; j++) specs.push(...expertSpecs(`cgc.${task}${j}`, parts.zDim, cgc.expertHidden));
    const gateWidth = cgc.taskExperts + cgc.sharedExperts;
    specs.push(weightSpec(`cgc.gate.${task}.w`, parts.zDim, gateWidth), biasSpec(`cgc.gate.${task}.b`, gateWidth));
    const outWidth = task === 'match' ? 1 : c.affectDim;
    specs.push(weightSpec(`tower.${task}.hidden.w`, expertOut, cgc.towerHidden), biasSpec(`tower.${task}.hidden.b`, cgc.towerHidden));
    specs.push(weightSpec(`tower.${task}.out.w`, cgc.towerHidden, outWidth), biasSpec(`tower.${task}.out.b`, outWidth));
  }
  return specs;
}

export interface AfclnetModel {
  readonly config: AfclnetConfig;
  readonly params: Params;
}

export function createAfclnet(config: AfclnetConfig, seed: number): AfclnetModel {
  return { config, params: Params.init(afclnetParamSpecs(config), seed) };
}

export function afclnetFromWeights(config: AfclnetConfig, weights: WeightMap, source: string): AfclnetModel {
  return { config, params: Params.fromWeights(afclnetParamSpecs(config), weights, source) };
}

/**
 * Feature-wise scaled dot-product attention: per head, the d query features attend over the d key
 * features (A = softmax(q kᵀ/√d), d×d per sample) and mix the values. Written with broadcasting
 * products instead of batched matmuls, which keeps the gradients off wasm's slow transposed kernels.
 */
function featurewiseAttention(q: tf.Tensor2D, k: tf.Tensor2D, v: tf.Tensor2D, heads: number): tf.Tensor2D {
  const [batch, n] = q.shape;
  const d = n / heads;
  const scores = tf.mul(tf.mul(tf.reshape(q, [batch, heads, d, 1]), tf.reshape(k, [batch, heads, 1, d])), 1 / Math.sqrt(d));
  const mixed = tf.sum(tf.mul(tf.softmax(scores), tf.reshape(v, [batch, heads, 1, d])), -1);
  return tf.reshape(mixed, [batch, n]);
}

/** Multi-head attention block: queries from `queryInput`, keys and values from `keyInput`, output projection W_O. */
function attention(params: Params, prefix: string, queryInput: tf.Tensor2D, keyInput: tf.Tensor2D, heads: number, mode: AttentionMode): tf.Tensor2D {
  const v = dense(params, `${prefix}.wv`, keyInput);
  const mixed =
    mode === 'token'
      ? v
      : featurewiseAttention(dense(params, `${prefix}.wq`, queryInput), dense(params, `${prefix}.wk`, keyInput), v, heads);
  return dense(params, `${prefix}.wo`, mixed);
}

function selfAttention(params: Params, c: AfclnetConfig, prefix: string, x: tf.Tensor2D): tf.Tensor2D {
  const s = attention(params, prefix, x, x, c.selfHeads, c.attnMode);
  return c.selfResidual ? tf.add(x, s) : s;
}

function pool(c: AfclnetConfig, ev: tf.Tensor2D, ea: tf.Tensor2D, p: tf.Tensor2D): tf.Tensor2D {
  if (c.poolMode === 'elementwise') return tf.maximum(tf.maximum(ev, ea), p);
  const batch = p.shape[0];
  return tf.max(tf.reshape(tf.concat([ev, ea, p], 1), [batch, c.affectDim, 3]), 2);
}

function expert(params: Params, name: string, layers: number, z: tf.Tensor2D): tf.Tensor2D {
  let h = z;
  for (let i = 0; i < layers; i++) h = tf.relu(dense(params, `${name}.l${i}`, h));
  return h;
}

/** One CGC block: per task, a softmax gate on z mixes the task's own experts and the shared experts. */
function cgc(params: Params, c: AfclnetConfig, z: tf.Tensor2D): Map<Task, tf.Tensor2D> {
  const layers = c.cgc.expertHidden.length;
  const shared = Array.from({ length: c.cgc.sharedExperts }, (_, j) => expert(params, `cgc.shared${j}`, layers, z));
  const out = new Map<Task, tf.Tensor2D>();
  for (const task of tasksOf(c)) {
    const own = Array.from({ length: c.cgc.taskExperts }, (_, j) => expert(params, `cgc.${task}${j}`, layers, z));
    const gate = tf.softmax(dense(params, `cgc.gate.${task}`, z));
    const stacked = tf.stack([...own, ...shared], 1);
    out.set(task, tf.sum(tf.mul(stacked, tf.expandDims(gate, 2)), 1) as tf.Tensor2D);
  }
  return out;
}

function tower(params: Params, task: Task, g: tf.Tensor2D): tf.Tensor2D {
  return tf.sigmoid(dense(params, `tower.${task}.out`, tf.relu(dense(params, `tower.${task}.hidden`, g))));
}

export interface AfclnetOutputs {
  /** Predicted normalised matching score y ∈ [0, 1] per row. */
  readonly match: tf.Tensor1D;
  /** Predicted fused affect ∈ [0, 1]^affectDim, or null without the affect task. */
  readonly affect: tf.Tensor2D | null;
  /** Self-attention outputs (the raw features when self-attention is off); null without objective inputs. */
  readonly sv: tf.Tensor2D | null;
  readonly sa: tf.Tensor2D | null;
}

/** The forward pass on one batch (call inside tf.tidy or an optimizer step). */
export function forwardAfclnet(model: AfclnetModel, xa: tf.Tensor2D, xv: tf.Tensor2D, p: tf.Tensor2D): AfclnetOutputs {
  const { config: c, params } = model;
  const parts = activeParts(c);
  const pieces: tf.Tensor2D[] = [];
  let sv: tf.Tensor2D | null = null;
  let sa: tf.Tensor2D | null = null;
  if (parts.objective) {
    sv = parts.selfAttention ? selfAttention(params, c, 'self.v', xv) : xv;
    sa = parts.selfAttention ? selfAttention(params, c, 'self.a', xa) : xa;
    pieces.push(sv, sa);
  }
  if (parts.perceptual) {
    const pair = c.perceptual === 'pair';
    const pm: tf.Tensor2D = pair ? tf.slice(p, [0, 0], [-1, c.affectDim]) : p;
    const pv: tf.Tensor2D = pair ? tf.slice(p, [0, c.affectDim], [-1, c.affectDim]) : p;
    const fused: tf.Tensor2D = pair ? tf.mul(tf.add(pm, pv), 0.5) : p;
    if (parts.mutualAttention) {
      const ev = attention(params, 'mutual.v', pv, dense(params, 'mutual.v.proj', xv), c.mutualHeads, c.attnMode);
      const ea = attention(params, 'mutual.a', pm, dense(params, 'mutual.a.proj', xa), c.mutualHeads, c.attnMode);
      pieces.push(pool(c, ev, ea, fused));
    } else {
      pieces.push(fused);
    }
    if (pair) pieces.push(tf.mul(pm, pv) as tf.Tensor2D, tf.abs(tf.sub(pm, pv)) as tf.Tensor2D);
  }
  const z = pieces.length === 1 ? pieces[0] : tf.concat(pieces, 1);
  const gated = cgc(params, c, z);
  const match = tf.reshape(tower(params, 'match', gated.get('match')!), [-1]) as tf.Tensor1D;
  const affect = parts.affectTask ? tower(params, 'affect', gated.get('affect')!) : null;
  return { match, affect, sv, sa };
}

export interface AfclnetInputs {
  /** DCCA audio representation (audioDim columns). */
  readonly xa: Matrix;
  /** DCCA video representation (videoDim columns). */
  readonly xv: Matrix;
  /** Perceptual affect in [0, 1]: fused (affectDim columns) or [music; video] (2·affectDim) — see perceptualInput. */
  readonly p: Matrix;
}

export interface AfclnetPrediction {
  /** Matching score on the paper's 1–5 scale (1 + 4·y). */
  readonly score: Float32Array;
  /** Predicted fused affect in [0, 1], or null when the model has no affect task. */
  readonly affect: Matrix | null;
}

export const perceptualWidth = (c: AfclnetConfig): number => (c.perceptual === 'pair' ? 2 : 1) * c.affectDim;

/** The perceptual input p the configured model takes, from per-modality affect (rows aligned). */
export function perceptualInput(c: AfclnetConfig, music: Matrix, video: Matrix): Matrix {
  if (c.perceptual === 'pair') return hconcat(music, video);
  const fused = matrix(music.rows, music.cols);
  for (let i = 0; i < fused.data.length; i++) fused.data[i] = (music.data[i] + video.data[i]) / 2;
  return fused;
}

/** Checks that the three inputs fit the model and have one row per pair. */
export function checkInputs(c: AfclnetConfig, inputs: AfclnetInputs): void {
  checkShape(inputs.xa, 'audio representation (xa)', c.audioDim);
  checkShape(inputs.xv, 'video representation (xv)', c.videoDim, inputs.xa.rows);
  checkShape(inputs.p, 'perceptual affect (p)', perceptualWidth(c), inputs.xa.rows);
}

/** Scores pairs in batches. All three inputs are required and checked, also for ablations that ignore some. */
export function predictAfclnet(model: AfclnetModel, inputs: AfclnetInputs, batchSize = 1024): AfclnetPrediction {
  checkInputs(model.config, inputs);
  const c = model.config;
  const widths = activeParts(c).affectTask ? [1, c.affectDim] : [1];
  const outputs = batchedForward([inputs.xa, inputs.xv, inputs.p], batchSize, widths, ([xa, xv, p]) => {
    const out = forwardAfclnet(model, xa, xv, p);
    return out.affect ? [out.match, out.affect] : [out.match];
  });
  return { score: outputs[0].data.map(targetToScore), affect: outputs[1] ?? null };
}

/** Model outputs for all rows, as matrices (used for validation losses). */
export function afclnetOutputs(model: AfclnetModel, inputs: AfclnetInputs, batchSize = 1024): { match: Matrix; affect: Matrix | null; sv: Matrix | null; sa: Matrix | null } {
  checkInputs(model.config, inputs);
  const c = model.config;
  const parts = activeParts(c);
  const widths = [1, ...(parts.affectTask ? [c.affectDim] : []), ...(parts.objective ? [c.videoDim, c.audioDim] : [])];
  const outputs = batchedForward([inputs.xa, inputs.xv, inputs.p], batchSize, widths, ([xa, xv, p]) => {
    const out = forwardAfclnet(model, xa, xv, p);
    return [out.match, ...(out.affect ? [out.affect] : []), ...(out.sv && out.sa ? [out.sv, out.sa] : [])];
  });
  const [match, ...rest] = outputs;
  const affect = parts.affectTask ? rest.shift()! : null;
  return { match, affect, sv: rest[0] ?? null, sa: rest[1] ?? null };
}
