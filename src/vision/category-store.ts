/** Saves few-shot classifiers in IndexedDB (database `storefront-ml-vision-categories`), by name. */
import type { IDBPDatabase } from 'idb';
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { loadFewShotClassifier, parseFewShotFile, type FewShotClassifier } from './few-shot.ts';
import type { ImageModel } from './image-model.ts';
import { openStore, storageError } from './storage.ts';

const STORE = 'classifiers';

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
  constructor(private readonly db: IDBPDatabase) {}

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
      await this.db.put(STORE, file, name);
    } catch (error) {
      throw storageError(error, `Category store, saving "${name}"`);
    }
  }

  async load(name: string, options: { model?: ImageModel } = {}): Promise<FewShotClassifier> {
    this.check(name);
    let value: unknown;
    try {
      value = await this.db.get(STORE, name);
    } catch (error) {
      throw storageError(error, `Category store, loading "${name}"`);
    }
    if (value === undefined) throw new StorefrontError('NOT_FOUND', `Category store: nothing is saved as "${name}". Saved: ${(await this.list()).join(', ') || 'none'}.`);
    return loadFewShotClassifier(await parseFewShotFile(value), options); // validates the stored value, checksum included
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

/** Opens the IndexedDB store of few-shot classifiers. */
export async function openCategoryStore(): Promise<CategoryStore> {
  const db = await openStore('storefront-ml-vision-categories', 1, (database) => {
    database.createObjectStore(STORE);
  });
  return new IdbCategoryStore(db);
}
