import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { initTf } from '../model/tfBackend';

/**
 * A pretrained network that maps one input example (a log-mel patch, a frame, a clip) to a fixed
 * vector. Loaded from a local TF.js layers-model folder; nothing is fetched from the network.
 */
export interface EmbeddingModel {
  /** The folder's name, for messages. */
  readonly name: string;
  /** The folder the model was loaded from. */
  readonly source: string;
  /** Short content hash of model.json and the weights: changes whenever the network does. */
  readonly version: string;
  /** Shape of one example, without the batch dimension; every entry a fixed positive size. */
  readonly inputShape: readonly number[];
  readonly outputDim: number;
  /** One vector per example of `batch` ([n, ...inputShape]). The caller disposes `batch`. */
  embed(batch: tf.Tensor): Float32Array[];
  dispose(): void;
}

const MODEL_FILE = 'model.json';
const VERSION_HEX_CHARS = 12;
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 };

interface ModelJson {
  modelTopology: object;
  weightsManifest: tf.io.WeightsManifestConfig;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
}

/**
 * Loads a TF.js layers model (model.json + weight shards, the format `model.save()` and
 * tensorflowjs_converter write) from `dir`. The model must take one input of fixed shape and
 * return one [batch, D] output; anything else is rejected with an error naming the folder.
 */
export async function loadEmbeddingModel(dir: string): Promise<EmbeddingModel> {
  await initTf();
  const folder = resolve(dir);
  const hash = createHash('sha256');
  const artifacts = readArtifacts(folder, hash);
  let model: tfl.LayersModel;
  try {
    model = await tfl.loadLayersModel({ load: async () => artifacts });
  } catch (err) {
    throw new Error(`embedding model ${join(folder, MODEL_FILE)}: cannot build the network: ${(err as Error).message}`, { cause: err });
  }
  try {
    const { inputShape, outputDim } = checkSignature(model, folder);
    return wrap(model, folder, hash.digest('hex').slice(0, VERSION_HEX_CHARS), inputShape, outputDim);
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** Reads model.json and its weight shards (in manifest order), feeding every byte into `hash`. */
function readArtifacts(folder: string, hash: ReturnType<typeof createHash>): tf.io.ModelArtifacts {
  const jsonPath = join(folder, MODEL_FILE);
  const jsonBytes = readOrExplain(jsonPath, 'model file');
  hash.update(jsonBytes);
  const json = parseModelJson(jsonBytes, jsonPath);
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const shards: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    const groupBytes = group.paths.map((p) => {
      const bytes = readOrExplain(shardPath(folder, p, jsonPath), 'weight file');
      hash.update(bytes);
      return bytes;
    });
    const have = groupBytes.reduce((n, b) => n + b.byteLength, 0);
    const need = group.weights.reduce((n, w) => n + weightBytes(w, jsonPath), 0);
    if (have !== need) {
      throw new Error(`embedding model ${join(folder, group.paths.join(', '))}: weight file holds ${have} bytes, model.json describes ${need} (truncated or from another model?)`);
    }
    weightSpecs.push(...group.weights);
    shards.push(...groupBytes);
  }
  return {
    modelTopology: json.modelTopology,
    weightSpecs,
    weightData: concatBytes(shards),
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy ?? undefined,
  };
}

function readOrExplain(path: string, role: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'not found' : (err as Error).message;
    throw new Error(`embedding model ${role} ${path}: ${why}`, { cause: err });
  }
}

function parseModelJson(bytes: Buffer, path: string): ModelJson {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new Error(`embedding model ${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  const json = parsed as Partial<ModelJson> | null;
  if (!json || typeof json !== 'object' || !json.modelTopology || typeof json.modelTopology !== 'object') {
    throw new Error(`embedding model ${path}: no modelTopology; expected a TF.js layers model (model.json from model.save() or tensorflowjs_converter)`);
  }
  const manifest = json.weightsManifest;
  const wellFormed = Array.isArray(manifest) && manifest.every((g) => Array.isArray(g?.paths) && Array.isArray(g?.weights) && g.paths.every((p) => typeof p === 'string'));
  if (!wellFormed) throw new Error(`embedding model ${path}: weightsManifest is missing or malformed`);
  return json as ModelJson;
}

/** Shard paths are relative to model.json and must stay inside its folder. */
function shardPath(folder: string, shard: string, jsonPath: string): string {
  const path = resolve(folder, shard);
  const rel = relative(folder, path);
  if (isAbsolute(shard) || rel.startsWith('..') || isAbsolute(rel)) {
    throw new Error(`embedding model ${jsonPath}: weight path "${shard}" leaves the model folder`);
  }
  return path;
}

function weightBytes(spec: tf.io.WeightsManifestEntry, jsonPath: string): number {
  const dtype = spec.quantization?.dtype ?? spec.dtype;
  const bytes = DTYPE_BYTES[dtype];
  if (bytes === undefined) throw new Error(`embedding model ${jsonPath}: weight ${spec.name} has unsupported dtype ${dtype}`);
  return spec.shape.reduce((n, d) => n * d, 1) * bytes;
}

function concatBytes(parts: Uint8Array[]): ArrayBuffer {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out.buffer;
}

function checkSignature(model: tfl.LayersModel, folder: string): { inputShape: number[]; outputDim: number } {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) {
    throw new Error(`embedding model ${folder}: needs exactly one input and one output, has ${model.inputs.length} and ${model.outputs.length}`);
  }
  const [, ...inputShape] = model.inputs[0].shape;
  if (inputShape.length === 0 || !inputShape.every((d) => typeof d === 'number' && Number.isInteger(d) && d > 0)) {
    throw new Error(`embedding model ${folder}: input shape [${showShape(model.inputs[0].shape)}] has free dimensions; only the batch may be free`);
  }
  const outputShape = model.outputs[0].shape;
  const outputDim = outputShape[1];
  if (outputShape.length !== 2 || typeof outputDim !== 'number' || outputDim <= 0) {
    throw new Error(`embedding model ${folder}: output shape [${showShape(outputShape)}] is not [batch, D]`);
  }
  return { inputShape: inputShape as number[], outputDim };
}

/** Free dimensions print as null, as in Keras summaries. */
const showShape = (shape: readonly (number | null)[]): string => shape.map((d) => d ?? 'null').join(', ');

function wrap(model: tfl.LayersModel, folder: string, version: string, inputShape: number[], outputDim: number): EmbeddingModel {
  const name = basename(folder);
  return {
    name,
    source: folder,
    version,
    inputShape,
    outputDim,
    embed(batch) {
      const [n, ...shape] = batch.shape;
      if (shape.length !== inputShape.length || shape.some((d, i) => d !== inputShape[i])) {
        throw new Error(`embedding model ${name}: batch of shape [${batch.shape.join(', ')}] does not match its input [n, ${inputShape.join(', ')}]`);
      }
      const out = tf.tidy(() => model.predict(batch) as tf.Tensor);
      const flat = out.dataSync() as Float32Array;
      out.dispose();
      return Array.from({ length: n }, (_, i) => flat.slice(i * outputDim, (i + 1) * outputDim));
    },
    dispose() {
      model.dispose();
    },
  };
}
