/**
 * Data derived from the shopper, beside their history: models adapted on their own outcomes and saved in
 * IndexedDB (recorded in the registry with `perShopper: true`). The history's rights calls reach them: `export()`
 * includes each one whole (metadata, topology, weights as base64) and `erase()` removes them. The shop's own data
 * (saved models that were not adapted, visual indexes, categories, the cache of public model files) is left to
 * eraseAllData(). TensorFlow.js is loaded only when there is such a model.
 */
import { StorefrontError, describeError } from '../errors.ts';
import { forget, remembered, type StoredData } from './database.ts';

/** One model derived from the shopper, as the history export carries it. */
export interface DerivedModelExport {
  /** Where it is stored: its `indexeddb://…` URL. */
  name: string;
  kind: 'saved-model';
  /** What TensorFlow.js keeps beside the model (an intent model's metadata is under `storefrontIntent`). */
  metadata: Record<string, unknown>;
  /** The network, as in a `model.json`. */
  modelTopology: unknown;
  /** Names, shapes and dtypes of the weights, in the order of `weights`. */
  weightSpecs: unknown[];
  /** The weights' bytes (little-endian, as in a `weights.bin`), base64. */
  weights: string;
}

type Tf = typeof import('@tensorflow/tfjs');
const loadTf = (): Promise<Tf> => import('@tensorflow/tfjs');

/** The per-shopper saved models the registry remembers (they may be gone from tfjs's store meanwhile). */
async function rememberedShopperModels(): Promise<StoredData[]> {
  if (typeof indexedDB === 'undefined') return [];
  const entries = await remembered().catch(() => []);
  return entries.filter((e) => e.kind === 'saved-model' && e.perShopper === true);
}

/** The per-shopper saved models that still exist, sorted by name. */
export async function listShopperModels(): Promise<StoredData[]> {
  const models = await rememberedShopperModels();
  if (models.length === 0) return [];
  const saved = await (await loadTf()).io.listModels().catch(() => ({}));
  return models.filter((m) => m.name in saved).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Every per-shopper saved model, whole: read from tfjs's store as artifacts (no tensor is made). */
export async function exportShopperModels(): Promise<DerivedModelExport[]> {
  const models = await listShopperModels();
  if (models.length === 0) return [];
  const tf = await loadTf();
  return Promise.all(models.map(async ({ name }) => {
    try {
      const [handler] = tf.io.getLoadHandlers(name);
      const artifacts = await handler!.load!();
      const weights = artifacts.weightData ? new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData)) : new Uint8Array(0);
      return {
        name,
        kind: 'saved-model' as const,
        metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>,
        modelTopology: artifacts.modelTopology ?? null,
        weightSpecs: artifacts.weightSpecs ?? [],
        weights: base64(weights),
      };
    } catch (error) {
      throw new StorefrontError('STORAGE_FAILED', `History: exporting the adapted model ${name} failed: ${describeError(error)}. Try again; nothing was changed.`, { cause: error });
    }
  }));
}

/**
 * Removes every per-shopper saved model and forgets it; resolves what it removed. Throws STORAGE_FAILED naming
 * what could not be removed (the rest is removed all the same).
 */
export async function eraseShopperModels(): Promise<StoredData[]> {
  const models = await rememberedShopperModels();
  if (models.length === 0) return [];
  const tf = await loadTf();
  const erased: StoredData[] = [];
  const failed: string[] = [];
  await Promise.all(models.map(async (model) => {
    try {
      // Gone already (removed by hand, or by another tab) counts as erased.
      await tf.io.removeModel(model.name).catch((error: unknown) => {
        if (!/cannot find model/i.test(describeError(error))) throw error;
      });
      erased.push(model);
    } catch (error) {
      failed.push(`${model.name} (${describeError(error)})`);
    }
  }));
  await forget(erased.map((m) => m.name));
  if (failed.length > 0) {
    throw new StorefrontError('STORAGE_FAILED', `History: could not erase the adapted model ${failed.join(', ')}. The history and the rest were erased; call erase() again.`, { details: { erased } });
  }
  return erased;
}
