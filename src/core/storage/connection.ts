/**
 * One IndexedDB connection that survives other tabs: it closes itself when another tab upgrades the schema or
 * deletes the database (`versionchange`), and the next call reopens it. Reads never create the database.
 */
import type { DBSchema, IDBPDatabase } from 'idb';
import { StorefrontError } from '../errors.ts';
import { availableIndexedDB, errorName } from './errors.ts';
import { deleteDatabase, openDatabase, type DatabaseSpec, type LostReason } from './database.ts';

export class Connection<S extends DBSchema | unknown = unknown> {
  #db: IDBPDatabase<S> | undefined;
  #opening: Promise<IDBPDatabase<S>> | undefined;
  /** Times we closed for another tab's upgrade or delete and reopened. */
  reopened = 0;
  #lost = false;

  /** `onLost` hears each time the connection closed itself (e.g. to drop in-memory copies of a deleted database). */
  constructor(readonly spec: DatabaseSpec<S>, private readonly onLost?: (reason: LostReason) => void) {}

  get name(): string {
    return this.spec.name;
  }

  /** The open connection. `create: false` resolves undefined when the database does not exist (and creates nothing). */
  async get(create: boolean): Promise<IDBPDatabase<S> | undefined> {
    if (this.#db) return this.#db;
    if (!this.#opening) {
      if (!create && !(await this.exists())) return undefined;
      this.#opening ??= this.#open().finally(() => { this.#opening = undefined; });
    }
    return this.#opening;
  }

  /** Whether the database exists, without creating it. */
  async exists(): Promise<boolean> {
    const idb = availableIndexedDB(this.spec.wording);
    if (typeof idb.databases !== 'function') return true; // cannot tell: opening an existing one is harmless
    return (await idb.databases()).some((d) => d.name === this.spec.name);
  }

  async #open(): Promise<IDBPDatabase<S>> {
    let db: IDBPDatabase<S> | undefined;
    let closed = false;
    db = await openDatabase(this.spec, (reason) => {
      closed = true; // may come before openDatabase returns (it records a new database in the registry first)
      if (this.#db === db) this.#db = undefined;
      this.#lost = true;
      this.onLost?.(reason);
    });
    if (this.#lost && !closed) {
      this.#lost = false;
      this.reopened++;
    }
    // Closed already: hand it out anyway; its first request fails with InvalidStateError and run() reopens.
    if (!closed) this.#db = db;
    return db;
  }

  /**
   * Runs `fn` on the connection (created when `create`; skipped with `undefined` when the database does not exist
   * and not `create`). When the connection closed for another tab in between (InvalidStateError), reopens once.
   */
  async run<T>(create: boolean, fn: (db: IDBPDatabase<S>) => Promise<T>): Promise<T | undefined> {
    const db = await this.get(create);
    if (!db) return undefined;
    try {
      return await fn(db);
    } catch (error) {
      if (errorName(error) !== 'InvalidStateError') throw error;
      const again = await this.get(create);
      return again ? fn(again) : undefined;
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
    const result = await deleteDatabase(this.spec.name, this.spec.wording);
    if (result === 'waiting') {
      throw new StorefrontError('STORAGE_FAILED', `${this.spec.wording.subject}: deleting "${this.spec.name}" waits for another tab (an older build or other code) that keeps it open. It is deleted once that tab closes; close the shop's other tabs.`);
    }
  }
}
