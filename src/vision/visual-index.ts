/**
 * A catalogue index for visual search: product embeddings plus metadata, persisted in IndexedDB (one database per
 * index), searched in memory. The model (when given) only turns images into embeddings; storage stays here.
 */
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { functionOption, numberIn, optionsOf, show, signalOption } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import type { ImageModel } from './image-model.ts';
import { isImageInput, type ImageInput } from './preprocess.ts';
import { VectorScorer } from './vector-scorer.ts';
import { checkProductId, checkProducts } from './visual-index-check.ts';
import { VisualIndexDb, visualIndexDbName, type StoredProduct } from './visual-index-db.ts';
import { IndexSync, type SyncTarget } from './visual-index-sync.ts';
import type { CatalogProduct, OpenVisualIndexOptions, ProductMetadata, PutManyOptions, VisualIndex, VisualSearchHit, VisualSearchOptions } from './visual-index-types.ts';
import { VectorStore, checkEmbedding, l2Normalize } from './vectors.ts';


class IndexedVisualIndex implements VisualIndex, SyncTarget {
  private closed = false;
  private readonly vectors: VectorStore;
  private readonly metadata = new Map<string, ProductMetadata>();
  private readonly scorer: VectorScorer;
  private readonly sync: IndexSync;
  private readonly subject: string;

  constructor(
    readonly name: string,
    readonly embeddingSize: number,
    private readonly db: VisualIndexDb,
    private readonly model: ImageModel | undefined,
    stored: StoredProduct[],
    seq: number,
  ) {
    this.subject = `Visual index "${name}"`;
    this.vectors = new VectorStore(embeddingSize, Math.max(1024, stored.length));
    this.apply(stored, []);
    this.scorer = new VectorScorer(this.vectors);
    this.sync = new IndexSync(`storefront-ml:${visualIndexDbName(name)}`, db, this, seq);
  }

  apply(rows: readonly StoredProduct[], gone: readonly string[]): void {
    for (const id of gone) {
      this.vectors.remove(id);
      this.metadata.delete(id);
    }
    for (const p of rows) {
      this.vectors.set(p.productId, p.embedding);
      this.metadata.set(p.productId, p.metadata);
    }
  }

  replace(rows: readonly StoredProduct[]): void {
    this.vectors.clear();
    this.metadata.clear();
    this.apply(rows, []);
  }

  /** Another tab erased the database: forget its products too, so search does not serve erased data. */
  erased(): void {
    if (this.closed) return;
    this.replace([]);
    this.sync.reset();
  }

  get size(): number {
    return this.vectors.size;
  }

  private alive(): void {
    if (this.closed) throw new StorefrontError('DISPOSED', `${this.subject}: it was closed. Open it again with openVisualIndex().`);
  }

  private needModel(): ImageModel {
    if (!this.model) {
      throw new StorefrontError('INVALID_INPUT', `${this.subject}: got an image but the index has no model. ` +
        'Pass { model } to openVisualIndex(), or pass a precomputed embedding.');
    }
    return this.model;
  }

  private check(products: readonly CatalogProduct[]): (ProductMetadata | undefined)[] {
    return checkProducts(products, {
      subject: this.subject, embeddingSize: this.embeddingSize, hasModel: this.model !== undefined, has: (id) => this.vectors.has(id),
    });
  }

  /**
   * Works out every product's row before anything is written: images are embedded `batchSize` products at a time
   * (abortable between batches, progress after each); a metadata-only entry takes the embedding given earlier in
   * the call, or the stored one. `metadata` is check()'s clones.
   */
  private async prepare(products: readonly CatalogProduct[], metadata: readonly (ProductMetadata | undefined)[], options: PutManyOptions & { batchSize: number }): Promise<StoredProduct[]> {
    const rows: StoredProduct[] = products.map((p, i) => ({
      productId: p.productId,
      embedding: p.embedding === undefined ? new Float32Array(0) : l2Normalize(p.embedding),
      metadata: metadata[i] ?? this.metadata.get(p.productId) ?? {},
    }));
    for (let start = 0; start < products.length; start += options.batchSize) {
      throwIfAborted(options.signal, `Indexing into "${this.name}"`);
      const end = Math.min(start + options.batchSize, products.length);
      const at = products.slice(start, end).flatMap((p, j) => (p.embedding === undefined && p.image !== undefined ? [start + j] : []));
      if (at.length > 0) {
        const vectors = await this.needModel().embedBatch(at.map((i) => products[i]?.image as ImageInput));
        this.alive();
        at.forEach((i, j) => ((rows[i] as StoredProduct).embedding = vectors[j] as Float32Array));
      }
      options.onProgress?.(end, products.length);
    }
    const latest = new Map<string, Float32Array>();
    for (const row of rows) {
      if (row.embedding.length === 0) {
        const embedding = latest.get(row.productId) ?? this.vectors.get(row.productId);
        if (!embedding) throw new StorefrontError('INVALID_INPUT', `${this.subject}: ${row.productId} is new and has neither image nor embedding. Pass one. Nothing was written.`);
        row.embedding = embedding;
      }
      latest.set(row.productId, row.embedding);
    }
    return rows;
  }

  /** Writes `rows` in one transaction, then into memory, then tells the other instances. */
  private async commit(rows: StoredProduct[], doing: string): Promise<void> {
    // Embeddings are computed before the transaction opens: never await unrelated work inside one (idb README).
    const written = await this.db.write({ put: rows }, doing, rows.length === 1 ? 'Nothing was written.' : `None of the ${rows.length} products was written (one transaction).`);
    this.apply(rows, []);
    this.sync.wrote(written, rows.map((r) => r.productId));
  }

  async put(product: CatalogProduct): Promise<void> {
    this.alive();
    await this.sync.current(); // a metadata-only update may rely on a product another instance put
    this.alive();
    const metadata = this.check([product]);
    const rows = await this.prepare([product], metadata, { batchSize: 1 });
    this.alive();
    await this.commit(rows, `storing ${product.productId}`);
  }

  async putMany(products: readonly CatalogProduct[], putOptions?: PutManyOptions): Promise<number> {
    this.alive();
    if (!Array.isArray(products)) throw new StorefrontError('INVALID_INPUT', `${this.subject}: putMany needs an array of products.`);
    // An array or another non-plain object would lend its own methods (an array's filter) as options.
    const options = optionsOf(`${this.subject}: putMany`, putOptions);
    signalOption('signal', options.signal);
    const batchSize = numberIn('batchSize', options.batchSize === undefined ? 16 : options.batchSize, 1, 1024, true);
    functionOption('onProgress', options.onProgress);
    await this.sync.current();
    this.alive();
    const metadata = this.check(products);
    if (products.length === 0) return 0;
    const rows = await this.prepare(products, metadata, { ...options, batchSize });
    this.alive();
    throwIfAborted(options.signal, `Indexing into "${this.name}"`);
    await this.commit(rows, `storing ${rows.length} products`);
    return rows.length;
  }

  async remove(productId: string): Promise<boolean> {
    this.alive();
    checkProductId(this.subject, productId);
    const written = await this.db.write({ remove: [productId] }, `removing ${productId}`, 'Nothing was removed.');
    this.apply([], [productId]);
    this.sync.wrote(written, [productId]);
    return written.removed.length > 0;
  }

  get(productId: string): StoredProduct | undefined {
    this.alive();
    const embedding = this.vectors.get(productId);
    return embedding && { productId, embedding, metadata: this.metadata.get(productId) ?? {} };
  }

  async search(query: ImageInput | Float32Array, searchOptions?: VisualSearchOptions): Promise<VisualSearchHit[]> {
    this.alive();
    const options = optionsOf(`${this.subject}: search`, searchOptions);
    const topK = numberIn('topK', options.topK === undefined ? 10 : options.topK, 1, 10_000, true);
    const { filter, exact } = options;
    const candidates = options.candidates === undefined ? undefined : numberIn('candidates', options.candidates, 1, 100_000, true);
    if (exact !== undefined && typeof exact !== 'boolean') {
      throw new StorefrontError('INVALID_OPTION', `${this.subject}: exact is ${show(exact)}. Pass true, false or leave it out.`);
    }
    if (filter !== undefined && typeof filter !== 'function') {
      throw new StorefrontError('INVALID_OPTION', `${this.subject}: filter must be a function (metadata, productId) => boolean.`);
    }
    let q: Float32Array;
    if (query instanceof Float32Array) q = l2Normalize(checkEmbedding(query, this.embeddingSize, `${this.subject} search`));
    else if (isImageInput(query)) q = await this.needModel().embed(query);
    else throw new StorefrontError('INVALID_INPUT', `${this.subject}: the query is ${show(query)}. Pass an image or a Float32Array embedding.`);
    this.alive();
    await this.sync.current(); // every write that finished before this search, in any instance or tab
    this.alive();
    if (this.size === 0) return [];
    const idOf = (row: number) => this.vectors.ids[row] as string; // read live: the store may change while a search awaits
    const accept = filter && ((row: number) => filter(this.metadata.get(idOf(row)) ?? {}, idOf(row)));
    const hits = await this.scorer.topK(q, topK, { accept, exact, candidates });
    this.alive();
    return hits.map(({ row, score }) => ({ productId: idOf(row), score, metadata: this.metadata.get(idOf(row)) ?? {} }));
  }

  async clear(): Promise<void> {
    this.alive();
    const written = await this.db.write({ clear: true }, 'clearing it', 'Nothing was removed.');
    this.replace([]);
    this.sync.wrote(written, 'all');
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.scorer.dispose();
    this.sync.close();
    this.db.close();
  }
}

/**
 * Opens (or creates) a visual index persisted in IndexedDB and loads it into memory. `M` types the products'
 * metadata (`openVisualIndex<{ category: string }>()`: `put()` requires it, `search()` hits carry it); it is not
 * checked at run time, so keep one `M` per index name.
 */
export async function openVisualIndex<M extends object = ProductMetadata>(openOptions?: OpenVisualIndexOptions): Promise<VisualIndex<M>> {
  const options = optionsOf('openVisualIndex', openOptions);
  const name = options.name ?? 'catalogue';
  if (typeof name !== 'string' || name === '') throw new StorefrontError('INVALID_OPTION', `openVisualIndex: name is ${show(name)}. Pass a non-empty string.`);
  const { model } = options;
  const size = model?.embeddingSize ?? options.embeddingSize;
  if (size === undefined) throw new StorefrontError('INVALID_OPTION', 'openVisualIndex: pass { model } or { embeddingSize } so the index knows its vector length.');
  const embeddingSize = numberIn('embeddingSize', size, 1, 65_536, true);
  // search() builds tensors; they must go on the chosen backend even on a page that never called initRuntime().
  await ensureRuntime();
  const modelId = model ? `${model.metadata.name}@${model.metadata.version}` : null;
  let index: IndexedVisualIndex | undefined;
  const db = new VisualIndexDb(name, { embeddingSize, model: modelId }, (reason) => { if (reason === 'deleted') index?.erased(); });
  try {
    const { info, products, seq } = await db.load();
    if (info && info.embeddingSize !== embeddingSize) {
      throw new StorefrontError('INVALID_OPTION', `openVisualIndex: index "${name}" holds ${info.embeddingSize}-d embeddings (${info.model ?? 'no model'}), ` +
        `not ${embeddingSize}-d. Use the same model, another name, or clear it.`, { details: { stored: info, embeddingSize } });
    }
    if (info && modelId && info.model && info.model !== modelId) {
      throw new StorefrontError('INVALID_OPTION', `openVisualIndex: index "${name}" was built with ${info.model}, not ${modelId}; ` +
        'their embeddings are not comparable. Use that model, or another index name.', { details: { stored: info.model, model: modelId } });
    }
    if (!info || (!info.model && modelId)) await db.putInfo({ embeddingSize, model: modelId });
    index = new IndexedVisualIndex(name, embeddingSize, db, model, products, seq);
    // One implementation for every M: metadata is stored and returned as given, M only types the caller's view.
    return index as unknown as VisualIndex<M>;
  } catch (error) {
    db.close();
    throw error;
  }
}
