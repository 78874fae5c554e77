/**
 * Loading purchase-intent models: `indexeddb://name` (metadata travels as the stored model's userDefinedMetadata)
 * and hosted files through the shared model-file layer: metadata.json first, validated, then model.json and
 * weights.bin, each checked against the size and SHA-256 metadata.json lists. Saving lives in save.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError, isStorefrontError, throwIfAborted } from '../core/errors.ts';
import {
  checkFileOptions, fetchManifestFiles, fetchMetadata, fieldChecker, parseManifest, resolveAllowed, resolveBeside, type ModelFileOptions,
} from '../core/files/index.ts';
import { show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { checkIntentMetadata, declaredShape } from './check-metadata.ts';
import { IntentModelImpl, guarded } from './model.ts';
import { weightsFinite } from './network.ts';
import type { IntentMetadata, IntentModel, LoadIntentModelOptions } from './types.ts';

const SUBJECT = 'Intent model';

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, complex64: 8, uint8: 1, uint16: 2, float16: 2 };

/**
 * Throws MODEL_LOAD_FAILED unless the weight data holds exactly the bytes its specs describe: tfjs would otherwise
 * build the network's variables first and fail (or read garbage) afterwards, leaving them behind.
 */
function checkWeightBytes(artifacts: tf.io.ModelArtifacts, where: string): tf.io.ModelArtifacts {
  const specs = artifacts.weightSpecs ?? [];
  const expected = specs.reduce((sum, spec) => sum + spec.shape.reduce((n, d) => n * d, 1) * (BYTES[spec.quantization?.dtype ?? spec.dtype] ?? 4), 0);
  const data = artifacts.weightData;
  const actual = data === undefined ? 0 : Array.isArray(data) ? data.reduce((n, b) => n + b.byteLength, 0) : data.byteLength;
  if (actual !== expected) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${where} holds ${actual} bytes of weights but its model.json describes ${expected}. Save or host the files of one save together.`, {
      details: { field: 'weights', bytes: actual, expected },
    });
  }
  return artifacts;
}

/** Hosted files → verified artifacts and checked metadata; no tensor yet. */
async function fetchHosted(url: string, options: ModelFileOptions): Promise<{ metadata: IntentMetadata; artifacts: tf.io.ModelArtifacts }> {
  const modelUrl = resolveAllowed(url.endsWith('/') ? `${url}model.json` : url, options, SUBJECT, 'the source');
  const modelName = decodeURIComponent(new URL(modelUrl).pathname.split('/').pop() || 'model.json');
  const { url: metadataUrl, json } = await fetchMetadata(resolveBeside(modelUrl, 'metadata.json', options, SUBJECT), options, SUBJECT);
  const metadata = checkIntentMetadata(json, metadataUrl);
  const manifest = parseManifest((json as { files?: unknown }).files, SUBJECT, metadataUrl, [modelName]);
  const files = await fetchManifestFiles(manifest, metadataUrl, options, SUBJECT);
  const c = fieldChecker(SUBJECT, metadataUrl);
  let modelJson: { modelTopology?: object; weightsManifest?: tf.io.WeightsManifestConfig };
  try {
    modelJson = JSON.parse(new TextDecoder().decode(files.get(modelName)));
  } catch (cause) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${modelName} is not JSON. Host the model.json that toFiles() wrote.`, { cause });
  }
  if (!modelJson.modelTopology || !Array.isArray(modelJson.weightsManifest)) return c.bad(modelName, 'no topology', 'Host the model.json that toFiles() wrote.');
  const shape = declaredShape(modelJson);
  c.same('featureSchema', metadata.featureNames.length, shape.inputs, 'metadata.json and model.json belong to different saves; host the files of one save together.');
  c.same('output units', 1, shape.units, 'A purchase-intent network ends in one sigmoid unit.');
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: Uint8Array[] = [];
  for (const group of modelJson.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const path of group.paths) {
      const bytes = files.get(path);
      if (!bytes) return c.bad('files', Object.keys(manifest), `model.json needs "${path}", which metadata.json does not list. Re-save the model.`);
      parts.push(new Uint8Array(bytes));
    }
  }
  const weightData = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  parts.reduce((offset, p) => (weightData.set(p, offset), offset + p.byteLength), 0);
  return { metadata, artifacts: { modelTopology: modelJson.modelTopology, weightSpecs, weightData: weightData.buffer } };
}

/**
 * Loads a purchase-intent model from `indexeddb://name` or from hosted files: the URL of `model.json` (with
 * `metadata.json` and `weights.bin` beside it) or of their folder, ending in `/`. Every hosted file is checked
 * against metadata.json's manifest (INTEGRITY_MISMATCH, MODEL_LOAD_FAILED naming the field) and must come from this
 * origin (ORIGIN_NOT_ALLOWED) unless `options.allowedOrigins` names it. Warms the model up, so what it returns is ready.
 *
 * @example
 * const model = await loadIntentModel('/models/purchase-intent/model.json');
 * await model.predict({ PageValues: 35, ProductRelated: 24, Month: 'Nov', VisitorType: 'Returning_Visitor' }); // 0.81 (shipped model)
 */
export async function loadIntentModel(url: string, options: LoadIntentModelOptions = {}): Promise<IntentModel> {
  if (typeof url !== 'string' || url === '') {
    throw new StorefrontError('INVALID_INPUT', `Intent model: cannot load from ${show(url)}. Pass "indexeddb://<name>" or the URL of model.json.`);
  }
  const fileOptions = checkFileOptions(options, SUBJECT);
  throwIfAborted(fileOptions.signal, 'Loading the intent model');
  await ensureRuntime();
  let net: tf.LayersModel | null = null;
  try {
    let metadata: IntentMetadata;
    if (url.startsWith('indexeddb://')) {
      const stored = await tf.io.listModels().catch((error: unknown) => {
        throw new StorefrontError('STORAGE_UNAVAILABLE', `Intent model: IndexedDB could not be read: ${describeError(error)}. Use a hosted URL instead.`, { cause: error });
      });
      if (!(url in stored)) throw new StorefrontError('NOT_FOUND', `Intent model: nothing is saved at ${url}. Save it first with model.save("${url}").`);
      const handler = tf.io.getLoadHandlers(url)[0];
      if (!handler?.load) throw new StorefrontError('STORAGE_UNAVAILABLE', `Intent model: IndexedDB cannot be read here. Use a hosted URL instead.`);
      const load = handler.load.bind(handler);
      net = await tf.loadLayersModel({ load: async () => checkWeightBytes(await load(), url) });
      metadata = checkIntentMetadata((net.getUserDefinedMetadata() as { storefrontIntent?: unknown } | undefined)?.storefrontIntent, `${url}'s metadata`);
    } else {
      const hosted = await fetchHosted(url, fileOptions);
      metadata = hosted.metadata;
      throwIfAborted(fileOptions.signal, 'Loading the intent model');
      net = await tf.loadLayersModel(tf.io.fromMemory(checkWeightBytes(hosted.artifacts, 'weights.bin')));
    }
    const inputs = net.inputs[0]?.shape[1];
    if (inputs !== metadata.featureNames.length) {
      throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: the network takes ${inputs} inputs but metadata.json's schema encodes ${metadata.featureNames.length}. Host the files of one save together.`, {
        details: { field: 'featureSchema', value: metadata.featureNames.length, inputs },
      });
    }
    if (!(await weightsFinite(net))) {
      throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${url} has NaN or infinite weights. Re-save the model from a working copy.`, { details: { field: 'weights' } });
    }
    tf.tidy(() => { (net as tf.LayersModel).predict(tf.zeros([1, metadata.featureNames.length])); });
    throwIfAborted(fileOptions.signal, 'Loading the intent model');
    return guarded(new IntentModelImpl({ net, schema: metadata.featureSchema, metadata }));
  } catch (error) {
    net?.dispose();
    throwIfAborted(fileOptions.signal, 'Loading the intent model'); // an aborted fetch fails as a network error
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: loading ${url} failed: ${describeError(error)}. Check the URL and that model.json, weights.bin and metadata.json are served.`, { cause: error });
  }
}
