import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { adaptiveDccaFromWeights, adaptiveDccaWeights, disposeAdaptiveDcca, type AdaptiveDcca } from './adaptiveDcca';
import { afclnetConfig, afclnetFromWeights, type AfclnetConfig, type AfclnetModel } from './afclnet';
import type { DccaConfig } from './dcca';
import type { Standardizer } from './matrix';
import { packWeights, unpackWeights, withoutPrefix, withPrefix, type WeightIndexEntry } from './weights';

/**
 * A model bundle is a folder: manifest.json (what the model is, what it was trained on, how well it
 * did, where each weight lives) + weights.bin (all float32 weights, little-endian, concatenated) +
 * optional part files owned by other components (e.g. the GBDT affect predictor's JSON), listed in
 * the manifest's `parts`. The manifest is written last, so a folder with a manifest is complete.
 */
export const BUNDLE_FORMAT = 'cuefinder-model-bundle';
export const BUNDLE_FORMAT_VERSION = 1;
const MANIFEST_FILE = 'manifest.json';
const WEIGHTS_FILE = 'weights.bin';

/** Versions of the feature extractors whose output the model was trained on. */
export interface FeatureSchema {
  readonly audio: string;
  readonly video: string;
}

interface StandardizerJson {
  mean: number[];
  std: number[];
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly formatVersion: number;
  readonly modelVersion: string;
  readonly featureSchema: FeatureSchema;
  readonly preset: string;
  readonly config: { readonly dcca: DccaConfig; readonly afclnet: AfclnetConfig };
  readonly standardizers: { readonly audio: StandardizerJson; readonly video: StandardizerJson };
  readonly metrics: Record<string, number>;
  /** ISO 8601. */
  readonly createdAt: string;
  /** Free-form description of the training data (source, counts, split, seed). */
  readonly trainingData: Record<string, unknown>;
  readonly weights: { readonly file: string; readonly dtype: 'float32'; readonly byteLength: number; readonly entries: WeightIndexEntry[] };
  /** Part name → file name inside the bundle folder. */
  readonly parts: Record<string, string>;
  /** JSON metadata of other components (e.g. the affect predictor's settings and metrics). */
  readonly extras: Record<string, unknown>;
}

/** An in-memory model bundle. The owner calls disposeBundle when done. */
export interface ModelBundle {
  readonly modelVersion: string;
  readonly featureSchema: FeatureSchema;
  readonly preset: string;
  readonly metrics: Record<string, number>;
  readonly createdAt: string;
  readonly trainingData: Record<string, unknown>;
  readonly extras: Record<string, unknown>;
  readonly dcca: AdaptiveDcca;
  readonly afclnet: AfclnetModel;
}

export interface LoadedBundle extends ModelBundle {
  readonly dir: string;
  /** Part name → absolute path of its file. */
  readonly parts: Record<string, string>;
}

/** Thrown when a bundle was trained on other feature extractor versions than the caller's. */
export class FeatureSchemaMismatchError extends Error {
  constructor(dir: string, readonly bundle: FeatureSchema, readonly expected: FeatureSchema) {
    super(
      `model bundle ${dir} was trained on feature schema audio "${bundle.audio}" / video "${bundle.video}", ` +
        `but this version extracts audio "${expected.audio}" / video "${expected.video}"; retrain the model or use a matching bundle`,
    );
    this.name = 'FeatureSchemaMismatchError';
  }
}

const PART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const standardizerJson = (s: Standardizer): StandardizerJson => ({ mean: Array.from(s.mean), std: Array.from(s.std) });
const standardizerFrom = (s: StandardizerJson): Standardizer => ({ mean: Float32Array.from(s.mean), std: Float32Array.from(s.std) });

async function writeAtomically(path: string, data: string | Uint8Array): Promise<void> {
  await writeFile(`${path}.tmp`, data);
  await rename(`${path}.tmp`, path);
}

/**
 * Writes the bundle into `dir` (created if needed). `parts` maps part names to file contents; each is
 * stored as a file of the same name. Returns the manifest written.
 */
export async function saveBundle(dir: string, bundle: ModelBundle, parts: Record<string, string | Uint8Array> = {}): Promise<BundleManifest> {
  for (const name of Object.keys(parts)) {
    if (!PART_NAME.test(name) || name === MANIFEST_FILE || name === WEIGHTS_FILE) throw new Error(`bundle part name "${name}" is not a plain file name or is reserved`);
  }
  const packed = packWeights(new Map([...withPrefix(adaptiveDccaWeights(bundle.dcca), 'dcca.'), ...withPrefix(bundle.afclnet.params.toWeights(), 'afclnet.')]));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    formatVersion: BUNDLE_FORMAT_VERSION,
    modelVersion: bundle.modelVersion,
    featureSchema: bundle.featureSchema,
    preset: bundle.preset,
    config: { dcca: bundle.dcca.matched.config, afclnet: bundle.afclnet.config },
    standardizers: { audio: standardizerJson(bundle.dcca.standardizers.audio), video: standardizerJson(bundle.dcca.standardizers.video) },
    metrics: bundle.metrics,
    createdAt: bundle.createdAt,
    trainingData: bundle.trainingData,
    weights: { file: WEIGHTS_FILE, dtype: 'float32', byteLength: packed.data.byteLength, entries: packed.index },
    parts: Object.fromEntries(Object.keys(parts).map((name) => [name, name])),
    extras: bundle.extras,
  };
  await mkdir(dir, { recursive: true });
  await writeAtomically(join(dir, WEIGHTS_FILE), new Uint8Array(packed.data.buffer, packed.data.byteOffset, packed.data.byteLength));
  for (const [name, content] of Object.entries(parts)) await writeAtomically(join(dir, name), content);
  await writeAtomically(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads and checks a bundle's manifest without loading weights (for listings and compatibility checks). */
export async function readBundleManifest(dir: string): Promise<BundleManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: cannot read the model bundle manifest (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  let manifest: BundleManifest;
  try {
    manifest = JSON.parse(text) as BundleManifest;
  } catch (err) {
    throw new Error(`${path}: not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (manifest?.format !== BUNDLE_FORMAT) throw new Error(`${path}: not a Cuefinder model bundle manifest`);
  if (manifest.formatVersion !== BUNDLE_FORMAT_VERSION) {
    throw new Error(`${path}: bundle format version ${manifest.formatVersion} is not supported (this version reads ${BUNDLE_FORMAT_VERSION})`);
  }
  for (const key of ['featureSchema', 'config', 'standardizers', 'weights', 'parts'] as const) {
    if (typeof manifest[key] !== 'object' || manifest[key] === null) throw new Error(`${path}: "${key}" is missing`);
  }
  for (const file of [manifest.weights.file, ...Object.values(manifest.parts)]) {
    if (typeof file !== 'string' || !PART_NAME.test(file)) throw new Error(`${path}: file name "${String(file)}" is not a plain file inside the bundle`);
  }
  const { dcca } = manifest.config;
  for (const [side, width] of [['audio', dcca.audioDim], ['video', dcca.videoDim]] as const) {
    const s = manifest.standardizers[side];
    if (s?.mean?.length !== width || s?.std?.length !== width) throw new Error(`${path}: the ${side} standardizer does not have ${width} columns`);
  }
  return manifest;
}

/**
 * Loads a bundle for scoring. Refuses (FeatureSchemaMismatchError) a bundle whose feature schema
 * differs from `expected`, before reading any weights; any other defect throws an error naming the file.
 */
export async function loadBundle(dir: string, expected: FeatureSchema): Promise<LoadedBundle> {
  const manifest = await readBundleManifest(dir);
  if (manifest.featureSchema.audio !== expected.audio || manifest.featureSchema.video !== expected.video) {
    throw new FeatureSchemaMismatchError(dir, manifest.featureSchema, expected);
  }
  const weightsPath = join(dir, manifest.weights.file);
  let bytes: Buffer;
  try {
    bytes = await readFile(weightsPath);
  } catch (err) {
    throw new Error(`${weightsPath}: cannot read the model weights (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
  if (bytes.byteLength !== manifest.weights.byteLength) {
    throw new Error(`${weightsPath}: has ${bytes.byteLength} bytes, the manifest expects ${manifest.weights.byteLength} (truncated or from another bundle)`);
  }
  const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const weights = unpackWeights(manifest.weights.entries, data, weightsPath);
  const standardizers = { audio: standardizerFrom(manifest.standardizers.audio), video: standardizerFrom(manifest.standardizers.video) };
  const dcca = adaptiveDccaFromWeights(manifest.config.dcca, standardizers, withoutPrefix(weights, 'dcca.'), weightsPath);
  let afclnet: AfclnetModel;
  try {
    afclnet = afclnetFromWeights(afclnetConfig(manifest.config.afclnet), withoutPrefix(weights, 'afclnet.'), weightsPath);
  } catch (err) {
    disposeAdaptiveDcca(dcca);
    throw err;
  }
  return {
    dir,
    modelVersion: manifest.modelVersion,
    featureSchema: manifest.featureSchema,
    preset: manifest.preset,
    metrics: manifest.metrics,
    createdAt: manifest.createdAt,
    trainingData: manifest.trainingData,
    extras: manifest.extras ?? {},
    parts: Object.fromEntries(Object.entries(manifest.parts).map(([name, file]) => [name, join(dir, file)])),
    dcca,
    afclnet,
  };
}

export function disposeBundle(bundle: ModelBundle): void {
  disposeAdaptiveDcca(bundle.dcca);
  bundle.afclnet.params.dispose();
}
