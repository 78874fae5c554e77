/**
 * A visual index's IndexedDB database (`storefront-ml-vision-index:<name>`): products keyed by id and one info row
 * (embedding size, model). The connection closes itself when another tab upgrades or erases the database; the
 * index then reopens on its next write (recreating the database, info included, when it was erased).
 */
import type { DBSchema } from 'idb';
import { Connection } from '../core/storage/connection.ts';
import type { LostReason } from '../core/storage/database.ts';
import { storageError, type ErrorWording } from '../core/storage/errors.ts';
import { writeAll } from '../core/storage/write-all.ts';
import type { ProductMetadata } from './visual-index-types.ts';


export interface StoredProduct {
  productId: string;
  embedding: Float32Array;
  metadata: ProductMetadata;
}

export interface IndexInfo {
  embeddingSize: number;
  /** `name@version` of the model that made the embeddings; null when they were given precomputed. */
  model: string | null;
}

interface VisualIndexSchema extends DBSchema {
  products: { key: string; value: StoredProduct };
  info: { key: string; value: IndexInfo };
}

export const visualIndexDbName = (name: string) => `storefront-ml-vision-index:${name}`;

export class VisualIndexDb {
  readonly #conn: Connection<VisualIndexSchema>;
  readonly wording: ErrorWording;

  /** `info` is written with the schema whenever the database is (re)created. */
  constructor(name: string, info: IndexInfo, onLost: (reason: LostReason) => void) {
    this.wording = { subject: `Visual index "${name}"`, quotaHint: 'Free space or index fewer products.' };
    this.#conn = new Connection<VisualIndexSchema>({
      name: visualIndexDbName(name),
      version: 1,
      kind: 'visual-index',
      wording: this.wording,
      upgrade: (db, oldVersion, _newVersion, tx) => {
        if (oldVersion >= 1) return;
        db.createObjectStore('products', { keyPath: 'productId' });
        db.createObjectStore('info');
        void tx.objectStore('info').put(info, 'info');
      },
      missingFromNewer: (db) => ['products', 'info'].find((s) => !db.objectStoreNames.contains(s as 'products')),
    }, onLost);
  }

  /** Opens (creating when new) and reads the stored info and products. */
  async load(): Promise<{ info: IndexInfo | undefined; products: StoredProduct[] }> {
    await this.#conn.get(true);
    try {
      return await this.#conn.run(true, async (db) => {
        const tx = db.transaction(['info', 'products'], 'readonly');
        const [info, products] = await Promise.all([tx.objectStore('info').get('info'), tx.objectStore('products').getAll(), tx.done]);
        return { info, products };
      }) ?? { info: undefined, products: [] };
    } catch (error) {
      throw storageError(error, this.wording, 'reading the index');
    }
  }

  async putInfo(info: IndexInfo): Promise<void> {
    try {
      await this.#conn.run(true, (db) => db.put('info', info, 'info'));
    } catch (error) {
      throw storageError(error, this.wording, 'saving its info');
    }
  }

  /** Writes all `products` in one transaction: all are stored, or (on any failure) none. */
  async write(products: readonly StoredProduct[], doing: string, outcome: string): Promise<void> {
    try {
      await this.#conn.run(true, (db) => writeAll(db.transaction('products', 'readwrite'), (tx) => {
        const store = tx.objectStore('products');
        for (const p of products) store.put(p);
      }));
    } catch (error) {
      throw storageError(error, this.wording, doing, outcome);
    }
  }

  async remove(productId: string): Promise<void> {
    try {
      await this.#conn.run(false, (db) => db.delete('products', productId));
    } catch (error) {
      throw storageError(error, this.wording, `removing ${productId}`);
    }
  }

  async clear(): Promise<void> {
    try {
      await this.#conn.run(false, (db) => db.clear('products'));
    } catch (error) {
      throw storageError(error, this.wording, 'clearing it');
    }
  }

  close(): void {
    this.#conn.close();
  }
}
