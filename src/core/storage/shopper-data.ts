/**
 * Data derived from the shopper, beside their history: models adapted on their own outcomes and saved in
 * IndexedDB (recorded in the registry with `perShopper: true`). The history's rights calls reach them: `export()`
 * includes each one whole (metadata, topology, weights as base64) and `erase()` removes them. The shop's own data
 * (saved models that were not adapted, visual indexes, categories, the cache of public model files) is left to
 * eraseAllData().
 *
 * They are read and removed with plain IndexedDB (tfjs-models-db.ts), not through TensorFlow.js.
 */
import { bytesToBase64 } from '../base64.ts';
import { StorefrontError, describeError } from '../errors.ts';
import { forget, remembered, type StoredData } from './database.ts';
import { readSavedModels, removeSavedModels, savedModelUrls } from './tfjs-models-db.ts';

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
  const saved = await savedModelUrls().catch(() => new Set<string>());
  return models.filter((m) => saved.has(m.name)).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Every per-shopper saved model, whole: its stored artifacts as they are (no tensor is made). */
export async function exportShopperModels(): Promise<DerivedModelExport[]> {
  const models = await listShopperModels();
  if (models.length === 0) return [];
  try {
    const rows = await readSavedModels(models.map((m) => m.name));
    return models.map(({ name }, i) => {
      const artifacts = rows[i] ?? {};
      const data = artifacts.weightData;
      const weights = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(0);
      return {
        name,
        kind: 'saved-model' as const,
        metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>,
        modelTopology: artifacts.modelTopology ?? null,
        weightSpecs: (artifacts.weightSpecs ?? []) as unknown[],
        weights: bytesToBase64(weights),
      };
    });
  } catch (error) {
    throw new StorefrontError('STORAGE_FAILED', `History: exporting the adapted models ${models.map((m) => m.name).join(', ')} failed: ${describeError(error)}. Try again; nothing was changed.`, { cause: error });
  }
}

/**
 * Removes every per-shopper saved model (all in one transaction) and forgets it; resolves what it removed. Throws
 * STORAGE_FAILED when the removal failed, having removed none of them.
 */
export async function eraseShopperModels(): Promise<StoredData[]> {
  const models = await rememberedShopperModels();
  if (models.length === 0) return [];
  try {
    // One transaction: all of them go, or none. A model gone already (removed by hand or by another tab) counts as erased.
    await removeSavedModels(models.map((m) => m.name));
  } catch (error) {
    throw new StorefrontError('STORAGE_FAILED', `History: could not erase the adapted models ${models.map((m) => m.name).join(', ')} (${describeError(error)}). The history was erased; call erase() again.`, { cause: error, details: { erased: [] } });
  }
  await forget(models.map((m) => m.name));
  return models;
}
