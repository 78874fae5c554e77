/** Saves few-shot classifiers in IndexedDB (database `storefront-ml-vision-categories`), by name. */
import type { DBSchema } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { Connection } from '../core/storage/connection.ts';
import { storageError, type ErrorWording } from '../core/storage/errors.ts';
import { show } from '../core/validate.ts';
import { loadFewShotClassifier, parseFewShotFile, type FewShotClassifier } from './few-shot.ts';
import type { FewShotFile } from './few-shot-file.ts';
import type { ImageModel } from './image-model.ts';

const STORE = 'classifiers';
export const CATEGORY_STORE_DB = 'storefront-ml-vision-categories';
const WORDING: ErrorWording = { subject: 'Category store', quotaHint: 'Free space or delete classifiers you no longer use.' };

interface CategorySchema extends DBSchema {
  classifiers: { key: string; value: FewShotFile };
}

export interface CategoryStore {
  /** Saves (or overwrites) `classifier` under `name`. */
  save(name: string, classifier: FewShotClassifier): Promise<void>;
  /** The classifier saved under `name`; NOT_FOUND when there is none. Pass the model it was taught with to predict images. */
  load(name: string, options?: { model?: ImageModel }): Promise<FewShotClassifier>;
  /** Saved names, sorted. */
  list(): Promise<string[]>;
  /** Deletes a saved classifier; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Idempotent; later calls throw DISPOSED. */
  close(): void;
}

class IdbCategoryStore implements CategoryStore {
  private closed = false;
  // Closes itself when another tab upgrades or erases the database, and reopens on next use (empty, if erased).
  constructor(private readonly conn: Connection<CategorySchema>) {}

  private check(name?: unknown): void {
    if (this.closed) throw new StorefrontError('DISPOSED', 'Category store: it was closed. Open it again with openCategoryStore().');
    if (name !== undefined && (typeof name !== 'string' || name === '')) {
      throw new StorefrontError('INVALID_INPUT', `Category store: name is ${show(name)}. Pass a non-empty string.`);
    }
  }

  async save(name: string, classifier: FewShotClassifier): Promise<void> {
    this.check(name);
    const file = classifier.toJSON();
    try {
      await this.conn.run(true, (db) => db.put(STORE, file, name));
    } catch (error) {
      throw storageError(error, WORDING, `saving "${name}"`, 'Nothing was saved.');
    }
  }

  async load(name: string, options: { model?: ImageModel } = {}): Promise<FewShotClassifier> {
    this.check(name);
    let value: unknown;
    try {
      value = await this.conn.run(false, (db) => db.get(STORE, name));
    } catch (error) {
      throw storageError(error, WORDING, `loading "${name}"`);
    }
    if (value === undefined) throw new StorefrontError('NOT_FOUND', `Category store: nothing is saved as "${name}". Saved: ${(await this.list()).join(', ') || 'none'}.`);
    return loadFewShotClassifier(parseFewShotFile(value), options);
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

/** Opens the IndexedDB store of few-shot classifiers. */
export async function openCategoryStore(): Promise<CategoryStore> {
  const conn = new Connection<CategorySchema>({
    name: CATEGORY_STORE_DB,
    version: 1,
    kind: 'category-store',
    wording: WORDING,
    upgrade: (db, oldVersion) => { if (oldVersion < 1) db.createObjectStore(STORE); },
    missingFromNewer: (db) => (db.objectStoreNames.contains(STORE) ? undefined : `object store "${STORE}"`),
  });
  await conn.get(true); // opens now, so a storage problem shows here and not at the first save()
  return new IdbCategoryStore(conn);
}
