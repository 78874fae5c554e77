/**
 * A catalogue index for visual search: product embeddings plus metadata, persisted in IndexedDB (one database per
 * index), searched in memory. The model (when given) only turns images into embeddings; storage stays here.
 */
import type { IDBPDatabase } from 'idb';
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { numberIn, show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import type { ImageModel } from './image-model.ts';
import { isImageInput, type ImageInput } from './preprocess.ts';
import { openStore, storageError } from './storage.ts';
import { VectorScorer } from './vector-scorer.ts';
import { VectorStore, checkEmbedding, l2Normalize } from './vectors.ts';

/** Free-form product facts kept with the embedding and passed to search filters (structured-cloneable). */
export type ProductMetadata = Record<string, unknown>;

/** A product to index: its id, and an image (needs the index's model) or a precomputed embedding. */
export interface CatalogProduct {
  productId: string;
  /** Embedded with the index's model. */
  image?: ImageInput;
  /** Used as is (normalised to unit length). Must have the index's embedding size. */
  embedding?: Float32Array;
  /** Replaces the stored metadata when given. */
  metadata?: ProductMetadata;
}

export interface VisualSearchOptions {
  /** How many products to return, best first. @default 10 */
  topK?: number;
  /** Keeps only products it returns true for. @default undefined (all) */
  filter?: (metadata: ProductMetadata, productId: string) => boolean;
  /**
   * `true`: score every product exactly. `false`: approximate at any size. Approximate search ranks all products
   * by int8-quantised vectors (WebAssembly SIMD), then re-scores the best `candidates` exactly: returned scores are
   * exact, but a true neighbour can (rarely) be missed. Without WebAssembly SIMD search is always exact.
   * @default undefined: approximate from 10 million multiply-adds (13,000 products at 768-d), exact below
   */
  exact?: boolean;
  /** Approximate search: products re-scored exactly (at least `topK`); more = higher recall, slower. @default 200 */
  candidates?: number;
}

/** One search hit: cosine similarity of the product's image to the query, in [-1, 1] (≥ 0 for MobileNet features). */
export interface VisualSearchHit {
  productId: string;
  score: number;
  metadata: ProductMetadata;
}

export interface PutManyOptions {
  /** Images embedded per batch (and products written per transaction). @default 16 */
  batchSize?: number;
  /** Called after each batch with products done and total. @default undefined */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches with ABORTED; batches already written stay. @default undefined */
  signal?: AbortSignal;
}

export interface OpenVisualIndexOptions {
  /** Which index: each name is its own IndexedDB database `storefront-ml-vision-index:<name>`. @default 'catalogue' */
  name?: string;
  /** Embeds images for put/search. Without it, only embeddings are accepted. @default undefined */
  model?: ImageModel;
  /** Embedding length when no model is given (with a model it is the model's). @default model.embeddingSize */
  embeddingSize?: number;
}

export interface VisualIndex {
  readonly name: string;
  readonly embeddingSize: number;
  /** Products in the index. */
  readonly size: number;
  /** Adds a product or updates it (a product without image/embedding keeps its embedding and gets new metadata). */
  put(product: CatalogProduct): Promise<void>;
  /** Bulk put: embeds images in batches, writes each batch in one transaction. Returns products written. */
  putMany(products: readonly CatalogProduct[], options?: PutManyOptions): Promise<number>;
  /** Removes a product; false when it was not there. */
  remove(productId: string): Promise<boolean>;
  /** A product's stored embedding and metadata. */
  get(productId: string): { productId: string; embedding: Float32Array; metadata: ProductMetadata } | undefined;
  /** The `topK` products most similar to an image or an embedding. */
  search(query: ImageInput | Float32Array, options?: VisualSearchOptions): Promise<VisualSearchHit[]>;
  /** Removes every product. */
  clear(): Promise<void>;
  /** Closes the database and frees memory. Idempotent; later calls throw DISPOSED. */
  close(): void;
}

const PRODUCTS = 'products';
const INFO = 'info';

interface StoredProduct {
  productId: string;
  embedding: Float32Array;
  metadata: ProductMetadata;
}

class IndexedVisualIndex implements VisualIndex {
  private closed = false;
  private readonly vectors: VectorStore;
  private readonly metadata = new Map<string, ProductMetadata>();
  private readonly scorer: VectorScorer;

  constructor(
    readonly name: string,
    readonly embeddingSize: number,
    private readonly db: IDBPDatabase,
    private readonly model: ImageModel | undefined,
    stored: StoredProduct[],
  ) {
    this.vectors = new VectorStore(embeddingSize, Math.max(1024, stored.length));
    for (const p of stored) {
      this.vectors.set(p.productId, p.embedding);
      this.metadata.set(p.productId, p.metadata);
    }
    this.scorer = new VectorScorer(this.vectors);
  }

  get size(): number {
    return this.vectors.size;
  }

  private check(): void {
    if (this.closed) throw new StorefrontError('DISPOSED', `Visual index "${this.name}": it was closed. Open it again with openVisualIndex().`);
  }

  private checkId(productId: unknown): string {
    if (typeof productId !== 'string' || productId === '') {
      throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": productId is ${show(productId)}. Pass a non-empty string.`);
    }
    return productId;
  }

  private needModel(): ImageModel {
    if (!this.model) {
      throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": got an image but the index has no model. ` +
        'Pass { model } to openVisualIndex(), or pass a precomputed embedding.');
    }
    return this.model;
  }

  /** Validates a batch and works out each product's embedding (embedding images in one batch). */
  private async prepare(products: readonly CatalogProduct[]): Promise<StoredProduct[]> {
    const images: ImageInput[] = [];
    const imageAt: number[] = [];
    const out: StoredProduct[] = products.map((p, i) => {
      if (typeof p !== 'object' || p === null) throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": product ${i} is ${show(p)}. Pass { productId, image | embedding, metadata }.`);
      const productId = this.checkId(p.productId);
      if (p.metadata !== undefined && (typeof p.metadata !== 'object' || p.metadata === null)) {
        throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": metadata of ${productId} is ${show(p.metadata)}. Pass a plain object.`);
      }
      let embedding: Float32Array | undefined;
      if (p.embedding !== undefined) embedding = l2Normalize(checkEmbedding(p.embedding, this.embeddingSize, `Visual index "${this.name}", ${productId}`));
      else if (p.image !== undefined) {
        this.needModel();
        images.push(p.image);
        imageAt.push(i);
      } else {
        embedding = this.vectors.get(productId);
        if (!embedding) throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": ${productId} is new and has neither image nor embedding. Pass one.`);
      }
      return { productId, embedding: embedding ?? new Float32Array(0), metadata: p.metadata ?? this.metadata.get(productId) ?? {} };
    });
    if (images.length > 0) {
      const vectors = await this.needModel().embedBatch(images);
      imageAt.forEach((at, j) => ((out[at] as StoredProduct).embedding = vectors[j] as Float32Array));
    }
    return out;
  }

  private async write(products: StoredProduct[]): Promise<void> {
    // Embeddings are computed before the transaction opens: never await unrelated work inside one (idb README).
    try {
      const tx = this.db.transaction(PRODUCTS, 'readwrite');
      await Promise.all([...products.map((p) => tx.store.put(p)), tx.done]);
    } catch (error) {
      throw storageError(error, `Visual index "${this.name}"`);
    }
    for (const p of products) {
      this.vectors.set(p.productId, p.embedding);
      this.metadata.set(p.productId, p.metadata);
    }
  }

  async put(product: CatalogProduct): Promise<void> {
    this.check();
    const prepared = await this.prepare([product]);
    this.check();
    await this.write(prepared);
  }

  async putMany(products: readonly CatalogProduct[], options: PutManyOptions = {}): Promise<number> {
    this.check();
    if (!Array.isArray(products)) throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": putMany needs an array of products.`);
    const batchSize = numberIn('batchSize', options.batchSize ?? 16, 1, 1024, true);
    let done = 0;
    for (let start = 0; start < products.length; start += batchSize) {
      throwIfAborted(options.signal, `Indexing into "${this.name}"`);
      const prepared = await this.prepare(products.slice(start, start + batchSize));
      this.check();
      await this.write(prepared);
      done += prepared.length;
      options.onProgress?.(done, products.length);
    }
    return done;
  }

  async remove(productId: string): Promise<boolean> {
    this.check();
    this.checkId(productId);
    if (!this.vectors.has(productId)) return false;
    try {
      await this.db.delete(PRODUCTS, productId);
    } catch (error) {
      throw storageError(error, `Visual index "${this.name}"`);
    }
    this.vectors.remove(productId);
    this.metadata.delete(productId);
    return true;
  }

  get(productId: string): StoredProduct | undefined {
    this.check();
    const embedding = this.vectors.get(productId);
    return embedding && { productId, embedding, metadata: this.metadata.get(productId) ?? {} };
  }

  async search(query: ImageInput | Float32Array, options: VisualSearchOptions = {}): Promise<VisualSearchHit[]> {
    this.check();
    const topK = numberIn('topK', options.topK ?? 10, 1, 10_000, true);
    const { filter, exact } = options;
    const candidates = options.candidates === undefined ? undefined : numberIn('candidates', options.candidates, 1, 100_000, true);
    if (exact !== undefined && typeof exact !== 'boolean') {
      throw new StorefrontError('INVALID_OPTION', `Visual index "${this.name}": exact is ${show(exact)}. Pass true, false or leave it out.`);
    }
    if (filter !== undefined && typeof filter !== 'function') {
      throw new StorefrontError('INVALID_OPTION', `Visual index "${this.name}": filter must be a function (metadata, productId) => boolean.`);
    }
    let q: Float32Array;
    if (query instanceof Float32Array) q = l2Normalize(checkEmbedding(query, this.embeddingSize, `Visual index "${this.name}" search`));
    else if (isImageInput(query)) q = await this.needModel().embed(query);
    else throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": the query is ${show(query)}. Pass an image or a Float32Array embedding.`);
    this.check();
    if (this.size === 0) return [];
    const idOf = (row: number) => this.vectors.ids[row] as string; // read live: the store may change while a search awaits
    const accept = filter && ((row: number) => filter(this.metadata.get(idOf(row)) ?? {}, idOf(row)));
    const hits = await this.scorer.topK(q, topK, { accept, exact, candidates });
    this.check();
    return hits.map(({ row, score }) => ({ productId: idOf(row), score, metadata: this.metadata.get(idOf(row)) ?? {} }));
  }

  async clear(): Promise<void> {
    this.check();
    try {
      await this.db.clear(PRODUCTS);
    } catch (error) {
      throw storageError(error, `Visual index "${this.name}"`);
    }
    this.vectors.clear();
    this.metadata.clear();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.scorer.dispose();
    this.db.close();
  }
}

/** Opens (or creates) a visual index persisted in IndexedDB and loads it into memory. */
export async function openVisualIndex(options: OpenVisualIndexOptions = {}): Promise<VisualIndex> {
  const name = options.name ?? 'catalogue';
  if (typeof name !== 'string' || name === '') throw new StorefrontError('INVALID_OPTION', `openVisualIndex: name is ${show(name)}. Pass a non-empty string.`);
  const { model } = options;
  const size = model?.embeddingSize ?? options.embeddingSize;
  if (size === undefined) throw new StorefrontError('INVALID_OPTION', 'openVisualIndex: pass { model } or { embeddingSize } so the index knows its vector length.');
  const embeddingSize = numberIn('embeddingSize', size, 1, 65_536, true);
  // search() builds tensors; they must go on the chosen backend even on a page that never called initRuntime().
  await ensureRuntime();
  const db = await openStore(`storefront-ml-vision-index:${name}`, 1, (database) => {
    database.createObjectStore(PRODUCTS, { keyPath: 'productId' });
    database.createObjectStore(INFO);
  });
  try {
    const info = (await db.get(INFO, 'info')) as { embeddingSize: number; model: string | null } | undefined;
    const modelId = model ? `${model.metadata.name}@${model.metadata.version}` : null;
    if (info && info.embeddingSize !== embeddingSize) {
      throw new StorefrontError('INVALID_OPTION', `openVisualIndex: index "${name}" holds ${info.embeddingSize}-d embeddings (${info.model ?? 'no model'}), ` +
        `not ${embeddingSize}-d. Use the same model, another name, or clear it.`, { details: { stored: info, embeddingSize } });
    }
    if (info && modelId && info.model && info.model !== modelId) {
      throw new StorefrontError('INVALID_OPTION', `openVisualIndex: index "${name}" was built with ${info.model}, not ${modelId}; ` +
        'their embeddings are not comparable. Use that model, or another index name.', { details: { stored: info.model, model: modelId } });
    }
    if (!info || (!info.model && modelId)) await db.put(INFO, { embeddingSize, model: modelId }, 'info');
    const stored = (await db.getAll(PRODUCTS)) as StoredProduct[];
    return new IndexedVisualIndex(name, embeddingSize, db, model, stored);
  } catch (error) {
    db.close();
    throw storageError(error, `openVisualIndex "${name}"`);
  }
}
