/**
 * The one way storefront-ml opens and deletes an IndexedDB database. Every connection closes itself when another
 * tab (or this one) upgrades or deletes the database (`versionchange`), or when the browser ends it (`terminated`),
 * so no connection of ours ever blocks an "erase my data" in another tab. Databases we create are recorded in a
 * small registry database, so listStoredData() finds them whatever their name.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import { StorefrontError } from '../errors.ts';
import { availableIndexedDB, errorName, openError, storageError, type ErrorWording } from './errors.ts';

/** What a stored item holds. `saved-model` is a model saved through TensorFlow.js at `indexeddb://<name>`. */
export type StoredDataKind = 'history' | 'visual-index' | 'category-store' | 'model-cache' | 'saved-model' | 'registry' | 'other';

/** One database (or tfjs-saved model) storefront-ml created on this origin. */
export interface StoredData {
  /** The IndexedDB database name, or the `indexeddb://…` URL of a saved model. */
  name: string;
  kind: StoredDataKind;
  /**
   * True for data derived from the shopper's own behaviour (a model adapted on their outcomes): `export()` and
   * `erase()` of their history include it. Absent on the shop's data (catalogue, categories, public model files).
   */
  perShopper?: true;
}

/** Why a connection closed itself. */
export type LostReason = 'deleted' | 'upgraded' | 'terminated';

export interface DatabaseSpec<S extends DBSchema | unknown> {
  name: string;
  version: number;
  kind: StoredDataKind;
  wording: ErrorWording;
  /** Creates or migrates the schema from `oldVersion` (0: new) to `newVersion`, inside the upgrade transaction. */
  upgrade(db: IDBPDatabase<S>, oldVersion: number, newVersion: number, tx: IDBPTransaction<S, StoreNames<S>[], 'versionchange'>): void;
  /**
   * A database already upgraded past `version` by a newer build in another tab: what it lacks that this build
   * needs, or undefined when it is usable as it is. Without it such a database is refused with STORAGE_FAILED.
   */
  missingFromNewer?(db: IDBPDatabase<S>): string | undefined;
}

/** How long an open or delete waits for other tabs' connections (old builds, foreign code) before giving up. */
export const BLOCKED_TIMEOUT_MS = 5_000;

/**
 * Opens `spec`'s database. The connection closes itself on `versionchange` and `terminated` and then calls
 * `onLost`; using it afterwards fails with InvalidStateError (Connection reopens on that).
 */
export async function openDatabase<S extends DBSchema | unknown>(spec: DatabaseSpec<S>, onLost?: (reason: LostReason) => void): Promise<IDBPDatabase<S>> {
  availableIndexedDB(spec.wording);
  let created = false;
  let db: IDBPDatabase<S>;
  try {
    db = await withBlockedTimeout(spec, (blocked) => openDB<S>(spec.name, spec.version, {
      upgrade: (database, oldVersion, newVersion, tx) => {
        created = oldVersion === 0;
        spec.upgrade(database, oldVersion, newVersion ?? spec.version, tx);
      },
      blocked,
      ...closingCallbacks(onLost),
    }));
  } catch (error) {
    if (errorName(error) !== 'VersionError') throw isOurs(error) ? error : openError(error, spec.wording, spec.name);
    db = await openNewer(spec, onLost);
  }
  if (created && spec.kind !== 'registry') await remember({ name: spec.name, kind: spec.kind });
  return db;
}

/** A newer build upgraded the database: open it at its version, and use it when it still has what we need. */
async function openNewer<S extends DBSchema | unknown>(spec: DatabaseSpec<S>, onLost?: (reason: LostReason) => void): Promise<IDBPDatabase<S>> {
  let db: IDBPDatabase<S>;
  try {
    db = await openDB<S>(spec.name, undefined, {
      // No version asked for and an upgrade anyway: the database was deleted meanwhile. Abort, so it is not created empty.
      upgrade: (_database, _old, _new, tx) => tx.abort(),
      ...closingCallbacks(onLost),
    });
  } catch (error) {
    if (errorName(error) === 'AbortError') return openDatabase(spec, onLost);
    throw openError(error, spec.wording, spec.name);
  }
  const missing = spec.missingFromNewer ? spec.missingFromNewer(db) : 'a schema this build knows';
  if (missing !== undefined) {
    db.close();
    throw new StorefrontError('STORAGE_FAILED', `${spec.wording.subject}: the database "${spec.name}" was upgraded to version ${db.version} by a newer storefront-ml and lacks ${missing}. Reload the page to load the newer build.`);
  }
  return db;
}

function closingCallbacks(onLost: ((reason: LostReason) => void) | undefined) {
  return {
    // Close at once so the other tab's upgrade or delete goes through; the owner reopens on next use.
    blocking: (_current: number, next: number | null, event: IDBVersionChangeEvent) => {
      (event.target as IDBDatabase).close();
      onLost?.(next === null ? 'deleted' : 'upgraded');
    },
    terminated: () => onLost?.('terminated'),
  };
}

const isOurs = (error: unknown) => error instanceof StorefrontError;

/**
 * Runs an open or delete; when it is blocked by another tab's connection (one that does not close on
 * versionchange) for BLOCKED_TIMEOUT_MS, rejects with STORAGE_FAILED. A late-succeeding open is closed.
 */
async function withBlockedTimeout<T>(spec: { name: string; wording: ErrorWording }, start: (blocked: () => void) => Promise<T>): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let giveUp!: (error: StorefrontError) => void;
  const timeout = new Promise<never>((_, reject) => { giveUp = reject; });
  const work = start(() => {
    timer ??= setTimeout(() => giveUp(new StorefrontError('STORAGE_FAILED', `${spec.wording.subject}: another tab keeps "${spec.name}" open and does not let go. Close the shop's other tabs and try again.`)), BLOCKED_TIMEOUT_MS);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    // Gave up waiting: when the open still succeeds later, close that connection so it blocks no one.
    void work.then((value) => (value as { close?: () => void } | undefined)?.close?.(), () => undefined);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Deletes a database. Resolves 'deleted', or 'waiting' when another tab's connection (not one of ours: ours close
 * themselves) still blocks it after `blockedTimeoutMs`: the browser then deletes it as soon as that tab closes it.
 */
export async function deleteDatabase(name: string, wording: ErrorWording, blockedTimeoutMs = BLOCKED_TIMEOUT_MS): Promise<'deleted' | 'waiting'> {
  availableIndexedDB(wording);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let waiting!: () => void;
  const blocked = new Promise<'waiting'>((resolve) => { waiting = () => resolve('waiting'); });
  try {
    const done = deleteDB(name, { blocked: () => { timer ??= setTimeout(waiting, blockedTimeoutMs); } }).then(() => 'deleted' as const);
    return await Promise.race([done, blocked]);
  } catch (error) {
    throw storageError(error, wording, `deleting "${name}"`);
  } finally {
    clearTimeout(timer);
  }
}

// ── the registry of what we created ───────────────────────────────────────────────────────────────────

export const REGISTRY_DB = 'storefront-ml-registry';

interface RegistrySchema extends DBSchema {
  entries: { key: string; value: StoredData };
}

const REGISTRY: DatabaseSpec<RegistrySchema> = {
  name: REGISTRY_DB,
  version: 1,
  kind: 'registry',
  wording: { subject: 'Stored data registry' },
  upgrade: (db) => { db.createObjectStore('entries', { keyPath: 'name' }); },
};

/** Records that we created `entry`. Best effort: listStoredData() also finds our databases by their name prefix. */
export async function remember(entry: StoredData): Promise<void> {
  try {
    const db = await openDatabase(REGISTRY);
    try {
      await db.put('entries', entry);
    } finally {
      db.close();
    }
  } catch {
    // Storage may be full or blocked; the database itself was created, and the name prefix still finds most.
  }
}

/** Everything the registry remembers; [] when it does not exist (reading never creates it). */
export async function remembered(): Promise<StoredData[]> {
  const idb = availableIndexedDB(REGISTRY.wording);
  if (typeof idb.databases === 'function' && !(await idb.databases()).some((d) => d.name === REGISTRY_DB)) return [];
  try {
    const db = await openDatabase(REGISTRY);
    try {
      return await db.getAll('entries');
    } finally {
      db.close();
    }
  } catch {
    return [];
  }
}

/** Forgets entries (after they were erased). */
export async function forget(names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  const db = await openDatabase(REGISTRY).catch(() => undefined);
  if (!db) return;
  try {
    const tx = db.transaction('entries', 'readwrite');
    await Promise.all([...names.map((n) => tx.store.delete(n)), tx.done]);
  } catch {
    // Best effort: a stale entry is skipped by listStoredData (it checks what exists).
  } finally {
    db.close();
  }
}
