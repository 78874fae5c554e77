/**
 * A catalogue index for visual search: product embeddings plus metadata, persisted in IndexedDB (one database per
 * index), searched in memory. The model (when given) only turns images into embeddings; storage stays here.
 */
import { StorefrontError, describeError, throwIfAborted } from '../core/errors.ts';
import { functionOption, numberIn, optionsOf, show, signalOption } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import type { ImageModel } from './image-model.ts';
import { isImageInput, type ImageInput } from './preprocess.ts';
import { VectorScorer } from './vector-scorer.ts';
import { VisualIndexDb, type StoredProduct } from './visual-index-db.ts';
import type { CatalogProduct, OpenVisualIndexOptions, ProductMetadata, PutManyOptions, VisualIndex, VisualSearchHit, VisualSearchOptions } from './visual-index-types.ts';
import { VectorStore, checkEmbedding, l2Normalize } from './vectors.ts';

export type {
  CatalogProduct,
  IndexedProduct,
  OpenVisualIndexOptions,
  ProductMetadata,
  PutManyOptions,
  VisualIndex,
  VisualSearchHit,
  VisualSearchOptions,
} from './visual-index-types.ts';

class IndexedVisualIndex implements VisualIndex {
  private closed = false;
  private readonly vectors: VectorStore;
  private readonly metadata = new Map<string, ProductMetadata>();
  private readonly scorer: VectorScorer;

  constructor(
    readonly name: string,
    readonly embeddingSize: number,
    private readonly db: VisualIndexDb,
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

  /** Another tab erased the database: forget its products too, so search does not serve erased data. */
  erased(): void {
    if (this.closed) return;
    this.vectors.clear();
    this.metadata.clear();
  }

  get size(): number {
    return this.vectors.size;
  }

  private alive(): void {
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

  /**
   * Checks every product before anything is embedded or written, so bad input changes nothing. Metadata is
   * structured-cloned here, as IndexedDB will: a value it cannot store (a function, a DOM node) is the caller's
   * INVALID_INPUT, not a storage failure half-way through a write. `earlier` holds ids given an embedding or image
   * earlier in the same putMany (a later metadata-only entry may rely on them).
   */
  private checkAll(products: readonly CatalogProduct[], earlier = new Set<string>()): ProductMetadata[] {
    // Array.from visits holes ([p1, , p2]) as undefined, which map would skip and leave for IndexedDB to refuse.
    return Array.from(products, (p, i) => {
      if (typeof p !== 'object' || p === null) throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": product ${i} is ${show(p)}. Pass { productId, image | embedding, metadata }.`);
      const productId = this.checkId(p.productId);
      if (p.metadata !== undefined && (typeof p.metadata !== 'object' || p.metadata === null)) {
        throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": metadata of ${productId} is ${show(p.metadata)}. Pass a plain object.`);
      }
      if (p.embedding !== undefined) checkEmbedding(p.embedding, this.embeddingSize, `Visual index "${this.name}", ${productId}`);
      else if (p.image !== undefined) this.needModel();
      else if (!this.vectors.has(productId) && !earlier.has(productId)) {
        throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": ${productId} is new and has neither image nor embedding. Pass one.`);
      }
      if (p.embedding !== undefined || p.image !== undefined) earlier.add(productId);
      try {
        return p.metadata === undefined ? undefined : structuredClone(p.metadata);
      } catch (error) {
        throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": metadata of ${productId} cannot be stored (${describeError(error)}). ` +
          'Pass plain data (strings, numbers, booleans, arrays, plain objects, Dates, Blobs); nothing was written.', { cause: error });
      }
    }) as ProductMetadata[];
  }

  /** Works out each product's embedding (embedding images in one batch); `metadata` is check()'s clones. */
  private async prepare(products: readonly CatalogProduct[], metadata: readonly (ProductMetadata | undefined)[]): Promise<StoredProduct[]> {
    const images: ImageInput[] = [];
    const imageAt: number[] = [];
    const keepAt: number[] = [];
    const out: StoredProduct[] = products.map((p, i) => {
      const productId = p.productId;
      let embedding: Float32Array | undefined;
      if (p.embedding !== undefined) embedding = l2Normalize(p.embedding);
      else if (p.image !== undefined) {
        images.push(p.image);
        imageAt.push(i);
      } else keepAt.push(i);
      return { productId, embedding: embedding ?? new Float32Array(0), metadata: metadata[i] ?? this.metadata.get(productId) ?? {} };
    });
    if (images.length > 0) {
      const vectors = await this.needModel().embedBatch(images);
      imageAt.forEach((at, j) => ((out[at] as StoredProduct).embedding = vectors[j] as Float32Array));
    }
    // Metadata-only entries keep the embedding stored, or the one given earlier in this batch.
    for (const at of keepAt) {
      const entry = out[at] as StoredProduct;
      const earlier = out.slice(0, at).reverse().find((p) => p.productId === entry.productId && p.embedding.length > 0);
      const embedding = earlier?.embedding ?? this.vectors.get(entry.productId);
      if (!embedding) throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": ${entry.productId} is new and has neither image nor embedding. Pass one.`);
      entry.embedding = embedding;
    }
    return out;
  }

  private async write(products: StoredProduct[], doing: string, outcome: string): Promise<void> {
    // Embeddings are computed before the transaction opens: never await unrelated work inside one (idb README).
    await this.db.write(products, doing, outcome);
    for (const p of products) {
      this.vectors.set(p.productId, p.embedding);
      this.metadata.set(p.productId, p.metadata);
    }
  }

  async put(product: CatalogProduct): Promise<void> {
    this.alive();
    const metadata = this.checkAll([product]);
    const prepared = await this.prepare([product], metadata);
    this.alive();
    await this.write(prepared, `storing ${prepared[0]?.productId}`, 'Nothing was written.');
  }

  async putMany(products: readonly CatalogProduct[], putOptions?: PutManyOptions): Promise<number> {
    this.alive();
    if (!Array.isArray(products)) throw new StorefrontError('INVALID_INPUT', `Visual index "${this.name}": putMany needs an array of products.`);
    const options = optionsOf(`Visual index "${this.name}" putMany`, putOptions);
    functionOption('onProgress', options.onProgress);
    signalOption('signal', options.signal);
    const batchSize = numberIn('batchSize', options.batchSize ?? 16, 1, 1024, true);
    const metadata = this.checkAll(products);
    let done = 0;
    for (let start = 0; start < products.length; start += batchSize) {
      throwIfAborted(options.signal, `Indexing into "${this.name}"`);
      const end = Math.min(start + batchSize, products.length);
      const prepared = await this.prepare(products.slice(start, end), metadata.slice(start, end));
      this.alive();
      await this.write(prepared, `storing products ${start + 1}–${end} of ${products.length}`, done === 0
        ? 'Nothing was written.'
        : `That batch was not written; the ${done} product(s) before it were and stay.`);
      done += prepared.length;
      options.onProgress?.(done, products.length);
    }
    return done;
  }

  async remove(productId: string): Promise<boolean> {
    this.alive();
    this.checkId(productId);
    if (!this.vectors.has(productId)) return false;
    await this.db.remove(productId);
    this.vectors.remove(productId);
    this.metadata.delete(productId);
    return true;
  }

  get(productId: string): StoredProduct | undefined {
    this.alive();
    const embedding = this.vectors.get(productId);
    return embedding && { productId, embedding, metadata: this.metadata.get(productId) ?? {} };
  }

  async search(query: ImageInput | Float32Array, searchOptions?: VisualSearchOptions): Promise<VisualSearchHit[]> {
    this.alive();
    // An array or another non-plain object would lend its own methods (an array's filter) as options.
    const options = optionsOf(`Visual index "${this.name}" search`, searchOptions);
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
    await this.db.clear();
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
    const { info, products } = await db.load();
    if (info && info.embeddingSize !== embeddingSize) {
      throw new StorefrontError('INVALID_OPTION', `openVisualIndex: index "${name}" holds ${info.embeddingSize}-d embeddings (${info.model ?? 'no model'}), ` +
        `not ${embeddingSize}-d. Use the same model, another name, or clear it.`, { details: { stored: info, embeddingSize } });
    }
    if (info && modelId && info.model && info.model !== modelId) {
      throw new StorefrontError('INVALID_OPTION', `openVisualIndex: index "${name}" was built with ${info.model}, not ${modelId}; ` +
        'their embeddings are not comparable. Use that model, or another index name.', { details: { stored: info.model, model: modelId } });
    }
    if (!info || (!info.model && modelId)) await db.putInfo({ embeddingSize, model: modelId });
    index = new IndexedVisualIndex(name, embeddingSize, db, model, products);
    // One implementation for every M: metadata is stored and returned as given, M only types the caller's view.
    return index as unknown as VisualIndex<M>;
  } catch (error) {
    db.close();
    throw error;
  }
}
