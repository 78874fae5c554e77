/**
 * Saving and loading purchase-intent models: `indexeddb://name` (metadata travels as the stored model's
 * userDefinedMetadata) and hosted files (`model.json`, `weights.bin`, `metadata.json` in one folder).
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError, isStorefrontError } from '../core/errors.ts';
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import { show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { IntentModelImpl, type IntentState } from './model.ts';
import { checkSchema, encodedNames } from './schema.ts';
import type { IntentMetadata, IntentModel, IntentModelFiles, IntentSaveOptions } from './types.ts';

function withExtras(state: IntentState, options: IntentSaveOptions): IntentMetadata {
  return {
    ...state.metadata,
    metrics: { ...state.metadata.metrics, ...options.metrics },
    provenance: { ...state.metadata.provenance, ...options.provenance, savedAt: new Date().toISOString(), tfjs: tf.version.tfjs },
  };
}

export async function saveToIndexedDb(state: IntentState, url: string, options: IntentSaveOptions): Promise<void> {
  if (typeof url !== 'string' || !/^indexeddb:\/\/.+/.test(url)) {
    throw new StorefrontError('INVALID_OPTION', `Intent model: cannot save to ${show(url)}. Expected "indexeddb://<name>"; for hosting, use toFiles().`);
  }
  const metadata = withExtras(state, options);
  try {
    state.net.setUserDefinedMetadata({ storefrontIntent: metadata } as unknown as Record<string, unknown>);
    await state.net.save(url);
    await rememberSavedModel(url); // so eraseAllData() finds it in tfjs's shared database
  } catch (error) {
    const quota = error instanceof Error && /quota/i.test(`${error.name} ${error.message}`);
    throw new StorefrontError(quota ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `Intent model: saving to ${url} failed: ${describeError(error)}. Free space or try another name.`, { cause: error });
  }
  state.metadata = metadata;
}

export async function modelFiles(state: IntentState, options: IntentSaveOptions): Promise<IntentModelFiles> {
  const metadata = withExtras(state, options);
  let captured: tf.io.ModelArtifacts | null = null;
  await state.net.save(tf.io.withSaveHandler(async (artifacts) => {
    captured = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.weightData || !artifacts.weightSpecs) {
    throw new StorefrontError('INTERNAL', 'Intent model: tfjs returned no weights while serialising. Please report this.');
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  return {
    'model.json': JSON.stringify(modelJson),
    'weights.bin': weights,
    'metadata.json': `${JSON.stringify(metadata, null, 2)}\n`,
  };
}

function checkMetadata(value: unknown, where: string): IntentMetadata {
  const m = value as IntentMetadata | undefined;
  if (!m || m.format !== 'storefront-ml/purchase-intent' || m.version !== 1 || typeof m.threshold !== 'number') {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${where} is not purchase-intent metadata (format "storefront-ml/purchase-intent", version 1). Point at a model saved by storefront-ml.`);
  }
  const featureSchema = checkSchema(m.featureSchema);
  return { ...m, featureSchema, featureNames: encodedNames(featureSchema) };
}

/**
 * Loads a purchase-intent model from `indexeddb://name` or from hosted files: the URL of `model.json` (with
 * `metadata.json` and `weights.bin` beside it) or of their folder, ending in `/`. Warms the model up, so what it
 * returns is ready.
 *
 * @example
 * const model = await loadIntentModel('/models/purchase-intent/model.json');
 * await model.predict({ PageValues: 35, ProductRelated: 24, Month: 'Nov', VisitorType: 'Returning_Visitor' }); // 0.81 (shipped model)
 */
export async function loadIntentModel(url: string): Promise<IntentModel> {
  if (typeof url !== 'string' || url === '') {
    throw new StorefrontError('INVALID_INPUT', `Intent model: cannot load from ${show(url)}. Pass "indexeddb://<name>" or the URL of model.json.`);
  }
  await ensureRuntime();
  let net: tf.LayersModel | null = null;
  try {
    let metadata: IntentMetadata;
    if (url.startsWith('indexeddb://')) {
      const stored = await tf.io.listModels().catch((error: unknown) => {
        throw new StorefrontError('STORAGE_UNAVAILABLE', `Intent model: IndexedDB could not be read: ${describeError(error)}. Use a hosted URL instead.`, { cause: error });
      });
      if (!(url in stored)) throw new StorefrontError('NOT_FOUND', `Intent model: nothing is saved at ${url}. Save it first with model.save("${url}").`);
      net = await tf.loadLayersModel(url);
      metadata = checkMetadata((net.getUserDefinedMetadata() as { storefrontIntent?: unknown } | undefined)?.storefrontIntent, `${url}'s metadata`);
    } else {
      const modelUrl = url.endsWith('/') ? `${url}model.json` : url;
      const metadataUrl = new URL('metadata.json', new URL(modelUrl, globalThis.location?.href ?? 'http://localhost/')).href;
      const response = await fetch(metadataUrl);
      if (!response.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${metadataUrl} answered HTTP ${response.status}. Host metadata.json beside model.json.`);
      metadata = checkMetadata(await response.json(), metadataUrl);
      net = await tf.loadLayersModel(modelUrl);
    }
    const inputs = net.inputs[0]?.shape[1];
    if (inputs !== metadata.featureNames.length) {
      throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: the network takes ${inputs} inputs but metadata.json's schema encodes ${metadata.featureNames.length}. Host the files of one save together.`);
    }
    tf.tidy(() => { (net as tf.LayersModel).predict(tf.zeros([1, metadata.featureNames.length])); });
    const architecture = metadata.architecture ?? { hidden: [64, 64], activation: 'relu' };
    return new IntentModelImpl({ hidden: architecture.hidden, activation: architecture.activation }, { net, schema: metadata.featureSchema, metadata });
  } catch (error) {
    net?.dispose();
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: loading ${url} failed: ${describeError(error)}. Check the URL and that model.json, weights.bin and metadata.json are served.`, { cause: error });
  }
}
