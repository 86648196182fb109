import type { EmbeddingModel } from './embeddingModel';

/**
 * The feature version of vectors that carry an embedding after the objective features: the base
 * unchanged without a model, else `<base>+emb:<model version>`, so features computed with another
 * network (or none) never mix with these in a cache or a trained model. Apart from slots.ts so that
 * code which only names the version (the analysis worker) does not load TensorFlow.js.
 */
export function embeddingFeatureVersion(base: string, model?: Pick<EmbeddingModel, 'version'>): string {
  return model ? `${base}+emb:${model.version}` : base;
}
