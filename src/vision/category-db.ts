/**
 * The IndexedDB side of the category store (database `storefront-ml-vision-categories`): few-shot files by name, as
 * plain values. Knows nothing of classifiers, so both few-shot.ts (save(), `indexeddb://` loads) and
 * category-store.ts (the public store) use it without importing each other.
 */
import type { IDBPDatabase } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import type { FewShotFile } from './few-shot-file.ts';
import { openStore, storageError } from './storage.ts';

const STORE = 'classifiers';

export class CategoryDb {
  private closed = false;
  constructor(private readonly db: IDBPDatabase) {}

  private check(name?: unknown): void {
    if (this.closed) throw new StorefrontError('DISPOSED', 'Category store: it was closed. Open it again with openCategoryStore().');
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new StorefrontError('INVALID_INPUT', `Category store: name is ${show(name)}. Pass a non-empty string.`);
    }
  }

  async put(name: string, file: FewShotFile): Promise<void> {
    this.check(name);
    try {
      await this.db.put(STORE, file, name);
    } catch (error) {
      throw storageError(error, `Category store, saving "${name}"`);
    }
  }

  /** The stored value under `name`, unchecked (the caller parses it); NOT_FOUND when there is none. */
  async get(name: string): Promise<unknown> {
    this.check(name);
    let value: unknown;
    try {
      value = await this.db.get(STORE, name);
    } catch (error) {
      throw storageError(error, `Category store, loading "${name}"`);
    }
    if (value === undefined) throw new StorefrontError('NOT_FOUND', `Category store: nothing is saved as "${name}". Saved: ${(await this.list()).join(', ') || 'none'}.`);
    return value;
  }

  async list(): Promise<string[]> {
    this.check();
    try {
      return ((await this.db.getAllKeys(STORE)) as string[]).sort();
    } catch (error) {
      throw storageError(error, 'Category store');
    }
  }

  async delete(name: string): Promise<boolean> {
    this.check(name);
    try {
      const tx = this.db.transaction(STORE, 'readwrite');
      const existed = (await tx.store.getKey(name)) !== undefined;
      if (existed) await tx.store.delete(name);
      await tx.done;
      return existed;
    } catch (error) {
      throw storageError(error, `Category store, deleting "${name}"`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}

export async function openCategoryDb(): Promise<CategoryDb> {
  const db = await openStore('storefront-ml-vision-categories', 1, (database) => {
    database.createObjectStore(STORE);
  });
  return new CategoryDb(db);
}

/** Runs `use` on the opened database and closes it afterwards. */
export async function withCategoryDb<T>(use: (db: CategoryDb) => Promise<T>): Promise<T> {
  const db = await openCategoryDb();
  try {
    return await use(db);
  } finally {
    db.close();
  }
}
