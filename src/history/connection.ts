/**
 * One IndexedDB connection that survives other tabs: it closes itself when another tab upgrades the schema or
 * deletes the database (`versionchange`), and the next call reopens it. Reads never create the database.
 */
import { deleteDB, openDB } from 'idb';
import type { IDBPDatabase } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { migrate, missingFromSchema, SCHEMA_VERSION } from './schema.ts';

/** Errors that mean "no usable IndexedDB here": blocked storage, opaque origins, old private modes. */
const UNAVAILABLE = new Set(['SecurityError', 'InvalidStateError', 'UnknownError', 'NotAllowedError', 'NotSupportedError']);

export function storageError(error: unknown, what: string): StorefrontError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'QuotaExceededError') {
    return new StorefrontError('QUOTA_EXCEEDED', `History: the browser refused to store more while ${what}. Free space, lower retention.maxEvents or use onQuota: 'prune'.`, { cause: error });
  }
  return new StorefrontError('STORAGE_FAILED', `History: IndexedDB failed while ${what} (${name ?? 'unknown error'}). Retry; if it persists, erase() the history.`, { cause: error });
}

export class Connection {
  #db: IDBPDatabase | undefined;
  #opening: Promise<IDBPDatabase> | undefined;
  /** Times we closed for another tab's upgrade and reopened. */
  reopened = 0;
  #lostToUpgrade = false;

  constructor(readonly name: string) {}

  /** The open connection. `create: false` resolves undefined when the database does not exist (and creates nothing). */
  async get(create: boolean): Promise<IDBPDatabase | undefined> {
    if (this.#db) return this.#db;
    if (!this.#opening) {
      if (!create && !(await this.exists())) return undefined;
      this.#opening = this.#open().finally(() => { this.#opening = undefined; });
    }
    return this.#opening;
  }

  /** Whether our database exists, without creating it. */
  async exists(): Promise<boolean> {
    const idb = availableIndexedDB();
    if (typeof idb.databases !== 'function') return true; // cannot tell: opening an existing one is harmless
    return (await idb.databases()).some((d) => d.name === this.name);
  }

  async #open(): Promise<IDBPDatabase> {
    availableIndexedDB();
    let db: IDBPDatabase;
    try {
      db = await openDB(this.name, SCHEMA_VERSION, {
        upgrade: (database, oldVersion, newVersion, tx) => migrate(database, oldVersion, newVersion ?? SCHEMA_VERSION, tx),
        blocking: () => this.#release(db),
        terminated: () => this.#release(db),
      });
    } catch (error) {
      // Another tab runs a newer build and upgraded the schema: use it as it is if it still has what we need.
      if ((error as { name?: string }).name === 'VersionError') db = await this.#openNewer();
      else throw openError(error, this.name);
    }
    if (this.#lostToUpgrade) {
      this.#lostToUpgrade = false;
      this.reopened++;
    }
    this.#db = db;
    return db;
  }

  async #openNewer(): Promise<IDBPDatabase> {
    let db: IDBPDatabase;
    try {
      db = await openDB(this.name, undefined, {
        // No version asked for and an upgrade anyway: the database was deleted meanwhile. Abort, so it is not created empty.
        upgrade: (_database, _old, _new, tx) => tx.abort(),
        blocking: () => this.#release(db),
        terminated: () => this.#release(db),
      });
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') return this.#open();
      throw openError(error, this.name);
    }
    const missing = missingFromSchema(db);
    if (missing) {
      db.close();
      throw new StorefrontError('STORAGE_FAILED', `History: the database "${this.name}" was upgraded to version ${db.version} by a newer storefront-ml and lacks ${missing}. Reload the page to load the newer build.`);
    }
    return db;
  }

  #release(db: IDBPDatabase | undefined): void {
    db?.close();
    if (this.#db === db) {
      this.#db = undefined;
      this.#lostToUpgrade = true;
    }
  }

  close(): void {
    this.#db?.close();
    this.#db = undefined;
  }

  /** Closes and deletes the database; other tabs' connections close themselves on the `versionchange`. */
  async delete(): Promise<void> {
    const pending = this.#opening;
    if (pending) await pending.catch(() => undefined);
    this.close();
    try {
      await deleteDB(this.name);
    } catch (error) {
      throw storageError(error, 'deleting the database');
    }
  }
}

function availableIndexedDB(): IDBFactory {
  const idb = (globalThis as { indexedDB?: IDBFactory }).indexedDB;
  if (!idb) {
    throw new StorefrontError('STORAGE_UNAVAILABLE', 'History: IndexedDB is not available in this context (private mode, blocked storage, or not a browser). Carry on without history, or open it in a normal browsing context.');
  }
  return idb;
}

function openError(error: unknown, name: string): StorefrontError {
  const errName = (error as { name?: string } | null)?.name ?? '';
  if (UNAVAILABLE.has(errName)) {
    return new StorefrontError('STORAGE_UNAVAILABLE', `History: IndexedDB refused to open "${name}" (${errName}): storage is blocked or unavailable here (private mode, opaque origin, site data disabled). Carry on without history.`, { cause: error });
  }
  return storageError(error, `opening "${name}"`);
}
