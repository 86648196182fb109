import * as tf from '@tensorflow/tfjs-core';
import { activeParts, type AfclnetConfig, type AfclnetOutputs } from './afclnet';

/** Training targets for one batch. */
export interface LossTargets {
  /** Normalised matching score y = (s − 1)/4. */
  readonly y: tf.Tensor1D;
  /** Fused affect target, affectDim columns. */
  readonly affect: tf.Tensor2D;
  /** 1 for matched pairs (raw score ≥ 3), else 0. */
  readonly matched: tf.Tensor1D;
}

export interface LossParts {
  readonly total: tf.Scalar;
  readonly main: tf.Scalar;
  readonly affect: tf.Scalar;
  readonly consistency: tf.Scalar;
}

/**
 * L = MAE(y) + λ_aff·L_aff + λ_fc·L_fc (spec §6.5). L_aff is the affect MAE averaged over matched rows
 * and affect dimensions; L_fc is the squared distance between s_v and s_a averaged over matched rows
 * and feature dimensions (per-dimension mean, so λ_fc does not depend on the 80-d width). Both masked
 * terms divide by max(#matched, 1): a batch without matched pairs contributes 0, never NaN.
 */
export function afclnetLoss(c: AfclnetConfig, out: AfclnetOutputs, t: LossTargets): LossParts {
  const parts = activeParts(c);
  const main = tf.mean(tf.abs(tf.sub(t.y, out.match))) as tf.Scalar;
  const matchedCount = tf.maximum(tf.sum(t.matched), 1);
  const maskedMean = (perRow: tf.Tensor1D): tf.Scalar => tf.div(tf.sum(tf.mul(perRow, t.matched)), matchedCount) as tf.Scalar;
  const affect = parts.affectTask && out.affect ? maskedMean(tf.mean(tf.abs(tf.sub(t.affect, out.affect)), 1) as tf.Tensor1D) : tf.scalar(0);
  const consistency =
    parts.featureConsistency && out.sv && out.sa ? maskedMean(tf.mean(tf.squaredDifference(out.sv, out.sa), 1) as tf.Tensor1D) : tf.scalar(0);
  const total = tf.addN([main, tf.mul(affect, c.lambdaAff), tf.mul(consistency, c.lambdaFc)]) as tf.Scalar;
  return { total, main, affect, consistency };
}
