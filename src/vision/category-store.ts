/** Saves few-shot classifiers in IndexedDB (database `storefront-ml-vision-categories`), by name. */
import { StorefrontError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { openCategoryDb, type CategoryDb } from './category-db.ts';
import { parseFewShotFile } from './few-shot-file.ts';
import { loadFewShotClassifier, type FewShotClassifier } from './few-shot.ts';
import type { ImageModel } from './image-model.ts';

export interface CategoryStore {
  /** Saves (or overwrites) `classifier` under `name`. */
  save(name: string, classifier: FewShotClassifier): Promise<void>;
  /** The classifier saved under `name`; NOT_FOUND when there is none. Pass the model it was taught with to predict images. */
  load<L extends string = string>(name: string, options?: { model?: ImageModel }): Promise<FewShotClassifier<L>>;
  /** Saved names, sorted. */
  list(): Promise<string[]>;
  /** Deletes a saved classifier; false when there was none. */
  delete(name: string): Promise<boolean>;
  /** Idempotent; later calls throw DISPOSED. */
  close(): void;
}

class IdbCategoryStore implements CategoryStore {
  constructor(private readonly db: CategoryDb) {}

  async save(name: string, classifier: FewShotClassifier): Promise<void> {
    if (typeof classifier !== 'object' || classifier === null || typeof (classifier as Partial<FewShotClassifier>).toJSON !== 'function') {
      throw new StorefrontError('INVALID_INPUT', `Category store: save(${show(name)}) got ${show(classifier)}. ` +
        'Pass a classifier from createFewShotClassifier() or loadFewShotClassifier(); nothing was saved.');
    }
    // Checked as load() will check it, so that nothing is saved that could not be loaded back.
    await this.db.put(name, await parseFewShotFile(classifier.toJSON()));
  }

  async load<L extends string = string>(name: string, options: { model?: ImageModel } = {}): Promise<FewShotClassifier<L>> {
    // Parsed first so a stored string is never taken for a URL; parsing checks every field and the checksum.
    return loadFewShotClassifier<L>(await parseFewShotFile(await this.db.get(name)), options);
  }

  list(): Promise<string[]> {
    return this.db.list();
  }

  delete(name: string): Promise<boolean> {
    return this.db.delete(name);
  }

  close(): void {
    this.db.close();
  }
}

/** Opens the IndexedDB store of few-shot classifiers. */
export async function openCategoryStore(): Promise<CategoryStore> {
  return new IdbCategoryStore(await openCategoryDb());
}
