/**
 * A visual index's IndexedDB database (`storefront-ml-vision-index:<name>`): products keyed by id and one info row
 * (embedding size, model). The connection closes itself when another tab upgrades or erases the database; the
 * index then reopens on its next write (recreating the database, info included, when it was erased).
 */
import type { DBSchema, IDBPDatabase } from 'idb';
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
  /** `info`: the IndexInfo; `seq`: the change counter, one more on every write (absent: 0). */
  info: { key: string; value: IndexInfo | number };
}

/** What one write transaction does, in this order: clear, remove, put. */
export interface Change {
  clear?: boolean;
  remove?: readonly string[];
  put?: readonly StoredProduct[];
}

/** What a write did: the change counter's value before and after it, and which of `remove` were there. */
export interface Written {
  from: number;
  to: number;
  removed: string[];
}

const seqOf = (value: unknown): number => (typeof value === 'number' ? value : 0);

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

  /** Opens (creating when new, if `create`) and reads the stored info, products and change counter, in one transaction. */
  async load(create = true): Promise<{ info: IndexInfo | undefined; products: StoredProduct[]; seq: number }> {
    if (create) await this.#conn.get(true);
    return this.#read('reading the index', async (db) => {
      const tx = db.transaction(['info', 'products'], 'readonly');
      const [info, products, seq] = await Promise.all([tx.objectStore('info').get('info'), tx.objectStore('products').getAll(),
        tx.objectStore('info').get('seq'), tx.done]);
      return { info: info as IndexInfo | undefined, products, seq: seqOf(seq) };
    }, { info: undefined, products: [], seq: 0 });
  }

  /** The stored rows of `ids` (undefined where there is none) and the change counter, read in one transaction. */
  async read(ids: readonly string[]): Promise<{ products: (StoredProduct | undefined)[]; seq: number }> {
    return this.#read('reading changed products', async (db) => {
      const tx = db.transaction(['info', 'products'], 'readonly');
      const store = tx.objectStore('products');
      const [seq, ...products] = await Promise.all([tx.objectStore('info').get('seq'), ...ids.map((id) => store.get(id))]);
      await tx.done;
      return { products, seq: seqOf(seq) };
    }, { products: ids.map(() => undefined), seq: 0 });
  }

  /** The change counter (0 when the database does not exist). */
  async seq(): Promise<number> {
    return this.#read('reading its change counter', async (db) => seqOf(await db.get('info', 'seq')), 0);
  }

  async #read<T>(doing: string, fn: (db: IDBPDatabase<VisualIndexSchema>) => Promise<T>, empty: T): Promise<T> {
    try {
      return (await this.#conn.run(false, fn)) ?? empty;
    } catch (error) {
      throw storageError(error, this.wording, doing);
    }
  }

  async putInfo(info: IndexInfo): Promise<void> {
    try {
      await this.#conn.run(true, (db) => db.put('info', info, 'info'));
    } catch (error) {
      throw storageError(error, this.wording, 'saving its info');
    }
  }

  /**
   * Runs `change` in one transaction that also counts it (the change counter goes up by one): all of it is stored,
   * or (on any failure) none of it. `doing` and `outcome` word the error.
   */
  async write(change: Change, doing: string, outcome: string): Promise<Written> {
    let from = 0;
    const removed: string[] = [];
    try {
      await this.#conn.run(true, (db) => writeAll(db.transaction(['products', 'info'], 'readwrite'), (tx) => {
        const products = tx.objectStore('products');
        const info = tx.objectStore('info');
        if (change.clear) products.clear();
        for (const id of change.remove ?? []) {
          const there = products.getKey(id); // requests run in order: this sees the row before the delete below
          there.onsuccess = () => { if (there.result !== undefined) removed.push(id); };
          products.delete(id);
        }
        for (const p of change.put ?? []) products.put(p);
        const seq = info.get('seq');
        seq.onsuccess = () => {
          from = seqOf(seq.result);
          info.put(from + 1, 'seq');
        };
      }));
    } catch (error) {
      throw storageError(error, this.wording, doing, outcome);
    }
    return { from, to: from + 1, removed };
  }

  close(): void {
    this.#conn.close();
  }
}
