/**
 * The IndexedDB side of the category store (database `storefront-ml-vision-categories`): few-shot files by name, as
 * plain values. Knows nothing of classifiers, so both few-shot.ts (save(), `indexeddb://` loads) and
 * category-store.ts (the public store) use it without importing each other. The connection is the shared one: it
 * closes itself when another tab upgrades or erases the database, and reopens (empty, if erased) on next use.
 */
import type { DBSchema } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { Connection } from '../core/storage/connection.ts';
import { storageError, type ErrorWording } from '../core/storage/errors.ts';
import { show } from '../core/validate.ts';
import type { FewShotFile } from './few-shot-file.ts';

const STORE = 'classifiers';
export const CATEGORY_STORE_DB = 'storefront-ml-vision-categories';
const WORDING: ErrorWording = { subject: 'Category store', quotaHint: 'Free space or delete classifiers you no longer use.' };

interface CategorySchema extends DBSchema {
  classifiers: { key: string; value: FewShotFile };
}

export class CategoryDb {
  private closed = false;
  constructor(private readonly conn: Connection<CategorySchema>) {}

  private check(name?: unknown): void {
    if (this.closed) throw new StorefrontError('DISPOSED', 'Category store: it was closed. Open it again with openCategoryStore().');
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new StorefrontError('INVALID_INPUT', `Category store: name is ${show(name)}. Pass a non-empty string.`);
    }
  }

  async put(name: string, file: FewShotFile): Promise<void> {
    this.check(name);
    try {
      await this.conn.run(true, (db) => db.put(STORE, file, name));
    } catch (error) {
      throw storageError(error, WORDING, `saving "${name}"`, 'Nothing was saved.');
    }
  }

  /** The stored value under `name`, unchecked (the caller parses it); NOT_FOUND when there is none. */
  async get(name: string): Promise<unknown> {
    this.check(name);
    let value: unknown;
    try {
      value = await this.conn.run(false, (db) => db.get(STORE, name));
    } catch (error) {
      throw storageError(error, WORDING, `loading "${name}"`);
    }
    if (value === undefined) throw new StorefrontError('NOT_FOUND', `Category store: nothing is saved as "${name}". Saved: ${(await this.list()).join(', ') || 'none'}.`);
    return value;
  }

  async list(): Promise<string[]> {
    this.check();
    try {
      return ((await this.conn.run(false, (db) => db.getAllKeys(STORE))) ?? []).sort();
    } catch (error) {
      throw storageError(error, WORDING, 'listing saved classifiers');
    }
  }

  async delete(name: string): Promise<boolean> {
    this.check(name);
    try {
      return await this.conn.run(false, async (db) => {
        const tx = db.transaction(STORE, 'readwrite');
        const existed = (await tx.store.getKey(name)) !== undefined;
        if (existed) await tx.store.delete(name);
        await tx.done;
        return existed;
      }) ?? false;
    } catch (error) {
      throw storageError(error, WORDING, `deleting "${name}"`);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.conn.close();
  }
}

export async function openCategoryDb(): Promise<CategoryDb> {
  const conn = new Connection<CategorySchema>({
    name: CATEGORY_STORE_DB,
    version: 1,
    kind: 'category-store',
    wording: WORDING,
    upgrade: (db, oldVersion) => { if (oldVersion < 1) db.createObjectStore(STORE); },
    missingFromNewer: (db) => (db.objectStoreNames.contains(STORE) ? undefined : `object store "${STORE}"`),
  });
  await conn.get(true); // opens now, so a storage problem shows here and not at the first save()
  return new CategoryDb(conn);
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
