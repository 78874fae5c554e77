/**
 * Saving and loading an assistant as tf.io model artifacts: `indexeddb://` through tfjs's own handler, or a
 * `model.json` + `weights.bin` pair served from a `models/` folder. The topology carries the content, the feature
 * configuration and the calibration, so a loaded assistant answers without anything else.
 */
import * as tf from '@tensorflow/tfjs';
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import { show } from '../core/validate.ts';
import { StorefrontError, isStorefrontError, throwIfAborted } from '../core/errors.ts';
import {
  fetchManifestFiles, fetchMetadata, fieldChecker, manifestOf, parseManifest, type FileManifest, type ModelFileOptions,
} from '../core/files/index.ts';
import { checkAssistantTopology } from './check-model.ts';
import { flattenContent, type AssistantContent } from './content.ts';
import { scriptsOf, type AssistantFamiliarity } from './familiarity.ts';
import type { FeatureConfig } from './features.ts';
import type { TrainedModel } from './train.ts';
import type { EncoderFeatures } from './encoder/combine.ts';

export const FORMAT = 'storefront-ml/assistant';
export const FORMAT_VERSION = 1;

export interface SavedAssistant {
  content: AssistantContent;
  model: TrainedModel;
}

interface Topology {
  format: string;
  version: number;
  content: AssistantContent;
  features: FeatureConfig;
  classes: number;
  temperature: number;
  threshold: number;
  /** Absent in models saved before the familiarity gate. */
  familiarity?: AssistantFamiliarity;
  validation: TrainedModel['validation'];
  trainSeconds: number;
  /** Present when the softmax also reads a sentence encoder's embedding (rows features.dim…): loading needs it. */
  encoder?: EncoderFeatures;
}

/** Indices of the rows of W [dim × classes] that hold a nonzero weight (hashed features seen in training). */
export function usedRows(weights: Float32Array, dim: number, classes: number): Int32Array {
  const rows: number[] = [];
  for (let r = 0; r < dim; r++) {
    for (let c = 0; c < classes; c++) {
      if (weights[r * classes + c] !== 0) {
        rows.push(r);
        break;
      }
    }
  }
  return Int32Array.from(rows);
}

/** Bytes `modelToArtifacts` writes for this model. */
export function savedBytes(model: TrainedModel): number {
  const { dim, classes, weights } = model.softmax;
  const rows = usedRows(weights, dim, classes).length;
  return 4 * (rows + rows * classes + classes + model.features.dim + (model.centroids?.length ?? 0));
}

/**
 * The artifacts of a trained assistant, float32: `rows` (int32, the rows of W that training touched), `weights`
 * [rows × classes] (only those rows: most hashed rows of a small FAQ stay zero), `bias` [classes], `idf` [dim].
 */
export function modelToArtifacts({ content, model }: SavedAssistant): tf.io.ModelArtifacts {
  const { dim, classes, weights, bias } = model.softmax;
  const topology: Topology = {
    format: FORMAT,
    version: FORMAT_VERSION,
    content,
    features: model.features,
    classes,
    temperature: model.temperature,
    threshold: model.threshold,
    familiarity: model.familiarity,
    validation: model.validation,
    trainSeconds: model.trainSeconds,
    ...(model.encoder ? { encoder: model.encoder } : {}),
  };
  const rows = usedRows(weights, dim, classes);
  const idfDim = model.idf.length;
  const centroids = model.encoder ? (model.centroids ?? new Float32Array(classes * model.encoder.dim)) : new Float32Array(0);
  const data = new Uint8Array(4 * (rows.length + rows.length * classes + classes + idfDim + centroids.length));
  new Int32Array(data.buffer, 0, rows.length).set(rows);
  const floats = new Float32Array(data.buffer, 4 * rows.length);
  rows.forEach((r, k) => floats.set(weights.subarray(r * classes, (r + 1) * classes), k * classes));
  floats.set(bias, rows.length * classes);
  floats.set(model.idf, rows.length * classes + classes);
  floats.set(centroids, rows.length * classes + classes + idfDim);
  return {
    modelTopology: topology as unknown as tf.io.ModelArtifacts['modelTopology'],
    format: FORMAT,
    generatedBy: 'storefront-ml',
    weightSpecs: [
      { name: 'rows', shape: [rows.length], dtype: 'int32' },
      { name: 'weights', shape: [rows.length, classes], dtype: 'float32' },
      { name: 'bias', shape: [classes], dtype: 'float32' },
      { name: 'idf', shape: [idfDim], dtype: 'float32' },
      ...(model.encoder ? [{ name: 'centroids', shape: [classes, model.encoder.dim], dtype: 'float32' as const }] : []),
    ],
    weightData: data.buffer,
  };
}

/** Turns loaded artifacts back into content + model; anything malformed → MODEL_LOAD_FAILED naming `source`. */
export function artifactsToModel(artifacts: tf.io.ModelArtifacts, source: string): SavedAssistant {
  const fail = (what: string) =>
    new StorefrontError('MODEL_LOAD_FAILED', `Assistant: ${source} ${what}. Save it with assistant.save() from this version of storefront-ml.`, {
      details: { source },
    });
  const topology = artifacts.modelTopology as unknown as Topology | undefined;
  if (topology?.format !== FORMAT) throw fail(`is not a storefront-ml assistant (format ${JSON.stringify(topology?.format)})`);
  if (topology.version !== FORMAT_VERSION) throw fail(`has format version ${topology.version}, expected ${FORMAT_VERSION}`);
  checkAssistantTopology(topology, source);
  if (artifacts.weightData === undefined || artifacts.weightSpecs === undefined) throw fail('has no weights');
  const buffer = tf.io.concatenateArrayBuffers(
    Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
  );
  const idfDim = topology.features.dim;
  const dim = idfDim + (topology.encoder?.dim ?? 0); // the encoder's features follow the hashed ones
  const { classes } = topology;
  const used = artifacts.weightSpecs[0]?.shape[0] ?? -1;
  if (!Number.isInteger(used) || used > dim) throw fail(`says ${used} weight rows, for ${dim} features`);
  const centroidFloats = topology.encoder ? classes * topology.encoder.dim : 0;
  const expected = 4 * (used + used * classes + classes + idfDim + centroidFloats);
  if (used < 0 || buffer.byteLength !== expected) throw fail(`holds ${buffer.byteLength} weight bytes, expected ${expected}`);
  const rows = new Int32Array(buffer, 0, used);
  const floats = new Float32Array(buffer, 4 * used);
  const weights = new Float32Array(dim * classes);
  for (let k = 0; k < used; k++) {
    const r = rows[k] as number;
    if (r < 0 || r >= dim) throw fail(`has a weight row ${r} outside 0…${dim - 1}`);
    weights.set(floats.subarray(k * classes, (k + 1) * classes), r * classes);
  }
  return {
    content: topology.content,
    model: {
      features: topology.features,
      softmax: { dim, classes, weights, bias: floats.slice(used * classes, used * classes + classes) },
      idf: floats.slice(used * classes + classes, used * classes + classes + idfDim),
      temperature: topology.temperature,
      threshold: topology.threshold,
      // An older save has no familiarity: the script check from its content, no letter check.
      familiarity: topology.familiarity ?? { scripts: scriptsOf(flattenContent(topology.content).texts), letterFloor: null },
      validation: topology.validation,
      trainSeconds: topology.trainSeconds,
      ...(topology.encoder ? { encoder: topology.encoder, centroids: floats.slice(used * classes + classes + idfDim) } : {}),
    },
  };
}

/** The tf.io handler for `indexeddb://` (hosted model.json goes through the verified file layer, never tf.io.http). */
function handlerFor(destination: string, save: boolean): tf.io.IOHandler {
  const handlers = save ? tf.io.getSaveHandlers(destination) : tf.io.getLoadHandlers(destination);
  const handler = handlers[0];
  if (handler === undefined) {
    throw new StorefrontError('INVALID_OPTION', `Assistant: no tf.io handler for ${JSON.stringify(destination)}. Use indexeddb://<name> (or a model.json URL to load).`, {
      details: { destination },
    });
  }
  return handler;
}

export async function writeArtifacts(destination: string | tf.io.IOHandler, artifacts: tf.io.ModelArtifacts): Promise<void> {
  const handler = typeof destination === 'string' ? handlerFor(destination, true) : destination;
  if (handler.save === undefined) throw new StorefrontError('INVALID_OPTION', 'Assistant: the handler given to save() cannot save.');
  try {
    await handler.save(artifacts);
    if (typeof destination === 'string') await rememberSavedModel(destination); // so eraseAllData() finds it
  } catch (error) {
    const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
    throw new StorefrontError(quota ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `Assistant: saving to ${String(destination)} failed: ${String(error)}.`, {
      cause: error,
    });
  }
}

/**
 * A hosted model.json and the weights its `files` manifest lists, through the shared model-file layer: same origin
 * unless allowed, each weight file's size and SHA-256 checked. model.json is the assistant's metadata (it cannot
 * list itself); its content is validated by artifactsToModel().
 */
async function fetchHostedArtifacts(url: string, options: ModelFileOptions): Promise<tf.io.ModelArtifacts> {
  const subject = 'Assistant';
  const { url: modelUrl, json } = await fetchMetadata(url, options, subject);
  const model = json as { modelTopology?: unknown; weightsManifest?: tf.io.WeightsManifestConfig; files?: unknown; format?: string; generatedBy?: string };
  const c = fieldChecker(subject, modelUrl);
  if (!Array.isArray(model.weightsManifest)) return c.bad('weightsManifest', model.weightsManifest, 'Host the model.json that assistant.save() wrote.');
  const paths = model.weightsManifest.flatMap((g) => g.paths);
  const manifest = parseManifest(model.files, subject, modelUrl, paths);
  const files = await fetchManifestFiles(Object.fromEntries(paths.map((p) => [p, manifest[p]])) as FileManifest, modelUrl, options, subject);
  throwIfAborted(options.signal, 'Loading the assistant');
  return {
    modelTopology: model.modelTopology as tf.io.ModelArtifacts['modelTopology'],
    format: model.format,
    generatedBy: model.generatedBy,
    weightSpecs: model.weightsManifest.flatMap((g) => g.weights),
    weightData: tf.io.concatenateArrayBuffers(paths.map((p) => files.get(p) as ArrayBuffer)),
  };
}

export async function readArtifacts(source: string | tf.io.IOHandler, options: ModelFileOptions = {}): Promise<tf.io.ModelArtifacts> {
  if (typeof source === 'string' && !source.startsWith('indexeddb://')) {
    try {
      return await fetchHostedArtifacts(source, options);
    } catch (error) {
      if (isStorefrontError(error)) throw error;
      throw new StorefrontError('MODEL_LOAD_FAILED', `Assistant: loading ${source} failed: ${String(error)}.`, { cause: error });
    }
  }
  if (typeof source !== 'string' && (typeof source !== 'object' || source === null)) {
    throw new StorefrontError('INVALID_INPUT', `Assistant: the source is ${show(source)}. Pass the URL of a model.json, "indexeddb://<name>" or a tf.io handler.`, {
      details: { value: source },
    });
  }
  if (source === 'indexeddb://') {
    throw new StorefrontError('INVALID_INPUT', 'Assistant: "indexeddb://" names no model. Pass "indexeddb://<name>", the name given to save().', { details: { value: source } });
  }
  const handler = typeof source === 'string' ? handlerFor(source, false) : source;
  if (handler.load === undefined) throw new StorefrontError('INVALID_OPTION', 'Assistant: the handler given to loadAssistant() cannot load.');
  try {
    return await handler.load();
  } catch (error) {
    if (isStorefrontError(error)) throw error;
    const missing = typeof source === 'string' && source.startsWith('indexeddb://') && /cannot find model/i.test(String(error));
    throw new StorefrontError(missing ? 'NOT_FOUND' : 'MODEL_LOAD_FAILED', `Assistant: loading ${String(source)} failed: ${String(error)}.`, {
      cause: error,
    });
  }
}

/** model.json text and weights bytes for a `models/` folder, from saved artifacts. */
export function artifactsToFiles(artifacts: tf.io.ModelArtifacts, weightsPath = 'weights.bin'): { modelJson: string; weights: Uint8Array } {
  const data = tf.io.concatenateArrayBuffers(
    artifacts.weightData === undefined ? [] : Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
  );
  const weights = new Uint8Array(data);
  const modelJson = JSON.stringify({
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
    // model.json is the assistant's metadata: it lists the weights' size and SHA-256, which loadAssistant() checks.
    files: manifestOf({ [weightsPath]: weights }),
  });
  return { modelJson, weights };
}
