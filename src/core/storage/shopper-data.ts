/**
 * Data derived from the shopper, beside their history: models adapted on their own outcomes and saved in
 * IndexedDB (recorded in the registry with `perShopper: true`). The history's rights calls reach them: `export()`
 * includes each one whole (metadata, topology, weights as base64) and `erase()` removes them. The shop's own data
 * (saved models that were not adapted, visual indexes, categories, the cache of public model files) is left to
 * eraseAllData().
 *
 * The models are read and removed in TensorFlow.js's own IndexedDB database (`tensorflowjs`, version 1: stores
 * `models_store` and `model_info_store`, keyed by `modelPath`, the part after `indexeddb://`; tfjs-core's
 * io/indexed_db.ts, the same layout since TF.js 1.0) with plain IndexedDB, not through TensorFlow.js: the history
 * must not load a 1 MB library to honour a shopper's erase, and a shop's history-only page has none.
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

const TFJS_DB = 'tensorflowjs';
const MODELS = 'models_store';
const INFO = 'model_info_store';
const PREFIX = 'indexeddb://';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Runs `fn` on TensorFlow.js's database, or resolves `undefined` when it does not exist (never creates it: an
 * upgrade from version 0 is aborted). The connection closes afterwards, and at once when another tab needs it.
 */
async function withTfjsDb<T>(mode: IDBTransactionMode, fn: (tx: IDBTransaction) => Promise<T>): Promise<T | undefined> {
  const open = indexedDB.open(TFJS_DB, 1);
  open.onupgradeneeded = (event) => { if (event.oldVersion === 0) open.transaction?.abort(); };
  let db: IDBDatabase;
  try {
    db = await request(open);
  } catch (error) {
    if ((error as { name?: string } | null)?.name === 'AbortError') return undefined;
    throw error;
  }
  db.onversionchange = () => db.close();
  try {
    if (!db.objectStoreNames.contains(MODELS) || !db.objectStoreNames.contains(INFO)) return undefined;
    const tx = db.transaction([MODELS, INFO], mode);
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = tx.onerror = () => reject(tx.error ?? new Error('transaction aborted'));
    });
    const result = await fn(tx);
    await done;
    return result;
  } finally {
    db.close();
  }
}

const pathOf = (url: string) => url.slice(PREFIX.length);
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
  const keys = await withTfjsDb('readonly', (tx) => request(tx.objectStore(INFO).getAllKeys())).catch(() => undefined);
  const saved = new Set((keys ?? []).map(String));
  return models.filter((m) => saved.has(pathOf(m.name))).sort((a, b) => (a.name < b.name ? -1 : 1));
}

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** Every per-shopper saved model, whole: its stored artifacts as they are (no tensor is made). */
export async function exportShopperModels(): Promise<DerivedModelExport[]> {
  const models = await listShopperModels();
  if (models.length === 0) return [];
  try {
    const rows = await withTfjsDb('readonly', (tx) => Promise.all(models.map((m) => request(tx.objectStore(MODELS).get(pathOf(m.name))))));
    return models.map(({ name }, i) => {
      const artifacts = ((rows?.[i] as { modelArtifacts?: Record<string, unknown> } | undefined)?.modelArtifacts ?? {});
      const data = artifacts.weightData;
      const weights = data instanceof ArrayBuffer ? new Uint8Array(data) : new Uint8Array(0);
      return {
        name,
        kind: 'saved-model' as const,
        metadata: (artifacts.userDefinedMetadata ?? {}) as Record<string, unknown>,
        modelTopology: artifacts.modelTopology ?? null,
        weightSpecs: (artifacts.weightSpecs ?? []) as unknown[],
        weights: base64(weights),
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
    await withTfjsDb('readwrite', async (tx) => {
      for (const { name } of models) {
        tx.objectStore(INFO).delete(pathOf(name));
        tx.objectStore(MODELS).delete(pathOf(name));
      }
    });
  } catch (error) {
    throw new StorefrontError('STORAGE_FAILED', `History: could not erase the adapted models ${models.map((m) => m.name).join(', ')} (${describeError(error)}). The history was erased; call erase() again.`, { cause: error, details: { erased: [] } });
  }
  await forget(models.map((m) => m.name));
  return models;
}
