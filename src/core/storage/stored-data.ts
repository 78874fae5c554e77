/**
 * "Erase my data": everything storefront-ml stored on this origin, found and removed through one call. Databases
 * are found by their `storefront-ml-` name prefix and by the registry of databases we created (a history opened
 * under a custom name); models saved through TensorFlow.js (`indexeddb://<name>`, kept in tfjs's own shared
 * database beside models that are not ours) are found by the registry of names we saved.
 */
import { BLOCKED_TIMEOUT_MS, REGISTRY_DB, deleteDatabase, forget, remember, remembered, type StoredData, type StoredDataKind } from './database.ts';
import { availableIndexedDB, openError } from './errors.ts';
import { removeSavedModels, savedModelUrls } from './tfjs-models-db.ts';
import { StorefrontError, describeError } from '../errors.ts';

const PREFIX = 'storefront-ml-';
const WORDING = { subject: 'Stored data', unavailableHint: 'Nothing is stored here.' };

/** Kinds by database name, for databases written before the registry existed (or whose registration failed). */
function kindOf(name: string): StoredDataKind {
  if (name === REGISTRY_DB) return 'registry';
  if (name === 'storefront-ml-history') return 'history';
  if (name.startsWith('storefront-ml-vision-index:')) return 'visual-index';
  if (name === 'storefront-ml-vision-categories') return 'category-store';
  if (name === 'storefront-ml-vision-models') return 'model-cache';
  return 'other';
}

/**
 * Records a model saved through TensorFlow.js at `url` (`indexeddb://<name>`), so eraseAllData() removes it;
 * `perShopper` (a model adapted on the shopper's outcomes) also puts it under the shopper's export() and erase().
 * Saving a model that is not adapted under the same name clears the mark.
 */
export async function rememberSavedModel(url: string, perShopper = false): Promise<void> {
  if (url.startsWith('indexeddb://')) await remember({ name: url, kind: 'saved-model', ...(perShopper ? { perShopper: true as const } : {}) });
}


/**
 * Every database and saved model storefront-ml created on this origin that still exists, sorted by name. Where the
 * browser cannot list databases (`indexedDB.databases()` missing), lists what the registry remembers.
 */
export async function listStoredData(): Promise<StoredData[]> {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) return [];
  const found = new Map<string, StoredData>();
  let existing: Set<string> | undefined;
  try {
    existing = typeof idb.databases === 'function' ? new Set((await idb.databases()).map((d) => d.name ?? '')) : undefined;
  } catch (error) {
    throw openError(error, WORDING, 'the list of databases');
  }
  for (const name of existing ?? []) if (name.startsWith(PREFIX)) found.set(name, { name, kind: kindOf(name) });
  const entries = await remembered();
  const models = entries.filter((e) => e.kind === 'saved-model');
  for (const entry of entries) {
    if (entry.kind !== 'saved-model' && (!existing || existing.has(entry.name))) found.set(entry.name, entry);
  }
  if (models.length > 0) {
    const saved = await savedModelUrls().catch(() => new Set<string>());
    for (const m of models) if (saved.has(m.name)) found.set(m.name, m);
  }
  if (!existing) found.set(REGISTRY_DB, { name: REGISTRY_DB, kind: 'registry' });
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export interface EraseOptions {
  /**
   * How long to wait for a database another tab keeps open (an older build or other code: our own connections
   * close at once) before reporting it under `waiting`. @default 5000
   */
  blockedTimeoutMs?: number;
}

export interface EraseReport {
  /** Deleted now. */
  erased: StoredData[];
  /** Held open by another tab that does not let go: the browser deletes each once that tab closes it. */
  waiting: StoredData[];
}

/**
 * Deletes every database and saved model listStoredData() finds. Our connections in other tabs close themselves
 * and reopen empty on next use, so this completes while the shop is open elsewhere. Throws STORAGE_FAILED naming
 * what could not be deleted (the rest is deleted all the same).
 */
export async function eraseAllData(options: EraseOptions = {}): Promise<EraseReport> {
  availableIndexedDB(WORDING);
  const timeout = options.blockedTimeoutMs ?? BLOCKED_TIMEOUT_MS;
  if (typeof timeout !== 'number' || !(timeout >= 0)) {
    throw new StorefrontError('INVALID_OPTION', `Stored data: blockedTimeoutMs is ${String(timeout)}. Pass a number of milliseconds ≥ 0.`);
  }
  const items = await listStoredData();
  const report: EraseReport = { erased: [], waiting: [] };
  const failed: string[] = [];
  await Promise.all(items.filter((i) => i.kind !== 'registry').map(async (item) => {
    try {
      if (item.kind === 'saved-model') {
        // Gone meanwhile (another tab erased it first) counts as erased.
        await removeSavedModels([item.name]);
        report.erased.push(item);
      } else {
        report[(await deleteDatabase(item.name, WORDING, timeout)) === 'deleted' ? 'erased' : 'waiting'].push(item);
      }
    } catch (error) {
      failed.push(`${item.name} (${describeError(error)})`);
    }
  }));
  // The registry goes last, so a failure above leaves it able to find what remains.
  if (failed.length === 0 && report.waiting.length === 0) {
    const registry = items.find((i) => i.kind === 'registry');
    if (registry && (await deleteDatabase(REGISTRY_DB, WORDING, timeout).catch(() => 'failed')) === 'deleted') report.erased.push(registry);
  } else {
    await forget(report.erased.map((e) => e.name));
  }
  if (failed.length > 0) {
    throw new StorefrontError('STORAGE_FAILED', `Stored data: could not erase ${failed.join(', ')}. The rest was erased; try again.`, { details: { ...report } });
  }
  return report;
}
