/**
 * Loading purchase-intent models from `indexeddb://name` (metadata travels as the stored model's
 * userDefinedMetadata) or hosted files (`model.json`, `weights.bin`, `metadata.json` in one folder). Saving is in
 * save.ts, which the model imports; this file imports the model, so the two never import each other.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError, isStorefrontError, throwIfAborted } from '../core/errors.ts';
import { fetchOf } from '../core/lifecycle.ts';
import { show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { IntentModelImpl, guarded } from './model.ts';
import { checkSchema, encodedNames } from './schema.ts';
import type { IntentMetadata, IntentModel, LoadIntentModelOptions } from './types.ts';

function checkMetadata(value: unknown, where: string): IntentMetadata {
  const m = value as IntentMetadata | undefined;
  if (!m || m.format !== 'storefront-ml/purchase-intent' || m.version !== 1 || typeof m.threshold !== 'number') {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${where} is not purchase-intent metadata (format "storefront-ml/purchase-intent", version 1). Point at a model saved by storefront-ml.`);
  }
  const featureSchema = checkSchema(m.featureSchema);
  return { ...m, featureSchema, featureNames: encodedNames(featureSchema), training: m.training ?? null, metrics: m.metrics ?? {}, provenance: m.provenance ?? {} };
}

/**
 * Loads a purchase-intent model from `indexeddb://name` or from hosted files: the URL of `model.json` (with
 * `metadata.json` and `weights.bin` beside it) or of their folder, ending in `/`. Warms the model up, so what it
 * returns is ready. Takes `signal`, and `fetch`/`baseUrl` for hosted files; `onProgress` and `cache` are accepted
 * for the shared loader options and wait for the shared file layer.
 *
 * @example
 * const model = await loadIntentModel('/models/purchase-intent/model.json');
 * await model.predict({ PageValues: 35, ProductRelated: 24, Month: 'Nov', VisitorType: 'Returning_Visitor' }); // 0.81 (shipped model)
 */
export async function loadIntentModel(url: string, options: LoadIntentModelOptions = {}): Promise<IntentModel> {
  const { signal } = options;
  const fetchFn = fetchOf(options);
  if (typeof url !== 'string' || url === '') {
    throw new StorefrontError('INVALID_INPUT', `Intent model: cannot load from ${show(url)}. Pass "indexeddb://<name>" or the URL of model.json.`);
  }
  throwIfAborted(signal, 'Loading the intent model');
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
      const metadataUrl = new URL('metadata.json', new URL(modelUrl, options.baseUrl ?? globalThis.location?.href ?? 'http://localhost/')).href;
      const response = await fetchFn(metadataUrl, { signal });
      if (!response.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: ${metadataUrl} answered HTTP ${response.status}. Host metadata.json beside model.json.`);
      metadata = checkMetadata(await response.json(), metadataUrl);
      net = await tf.loadLayersModel(new URL(modelUrl, options.baseUrl ?? globalThis.location?.href ?? 'http://localhost/').href, { fetchFunc: fetchFn });
    }
    const inputs = net.inputs[0]?.shape[1];
    if (inputs !== metadata.featureNames.length) {
      throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: the network takes ${inputs} inputs but metadata.json's schema encodes ${metadata.featureNames.length}. Host the files of one save together.`);
    }
    tf.tidy(() => { (net as tf.LayersModel).predict(tf.zeros([1, metadata.featureNames.length])); });
    throwIfAborted(signal, 'Loading the intent model');
    metadata.architecture ??= { hidden: [64, 64], activation: 'relu' };
    return guarded(new IntentModelImpl({ net, schema: metadata.featureSchema, metadata }));
  } catch (error) {
    net?.dispose();
    throwIfAborted(signal, 'Loading the intent model');
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Intent model: loading ${url} failed: ${describeError(error)}. Check the URL and that model.json, weights.bin and metadata.json are served.`, { cause: error });
  }
}
