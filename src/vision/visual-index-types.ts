/**
 * The visual index's public types, generic over the shop's product metadata `M`: what `put()` takes and what
 * `search()` and `get()` give back are typed with the shop's own fields (`hit.metadata.category` is a string, not
 * `unknown`). `M` is a promise the shop makes, as with `JSON.parse`: the index stores and returns whatever was put
 * and does not check old entries against a later `M`.
 */
import type { ImageModel } from './image-model.ts';
import type { ImageInput } from './preprocess.ts';

/** Free-form product facts kept with the embedding and passed to search filters (structured-cloneable). */
export type ProductMetadata = Record<string, unknown>;

/**
 * `metadata` may be left out when `{}` is a valid `M` (the default `ProductMetadata`, or all fields optional);
 * with required fields it must be given, so that every stored product has them.
 */
type MetadataField<M> = {} extends M
  ? { /** Replaces the stored metadata when given; left out, a product keeps its own (a new one gets `{}`). */ metadata?: M }
  : { /** Replaces the stored metadata. */ metadata: M };

/** A product to index: its id, and an image (needs the index's model) or a precomputed embedding. */
export type CatalogProduct<M extends object = ProductMetadata> = {
  productId: string;
  /** Embedded with the index's model. */
  image?: ImageInput;
  /** Used as is (normalised to unit length). Must have the index's embedding size. */
  embedding?: Float32Array;
} & MetadataField<M>;

export interface VisualSearchOptions<M extends object = ProductMetadata> {
  /** How many products to return, best first. @default 10 */
  topK?: number;
  /** Keeps only products it returns true for. @default undefined (all) */
  filter?: (metadata: M, productId: string) => boolean;
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
export interface VisualSearchHit<M extends object = ProductMetadata> {
  productId: string;
  score: number;
  metadata: M;
}

/** A stored product, as `get()` returns it. */
export interface IndexedProduct<M extends object = ProductMetadata> {
  productId: string;
  embedding: Float32Array;
  metadata: M;
}

export interface PutManyOptions {
  /** Products embedded per batch (1–1024); every product is written in one transaction after the last batch. @default 16 */
  batchSize?: number;
  /** Called after each batch is embedded, with products done and total (the write follows the last). @default undefined */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches with ABORTED; nothing is written. @default undefined */
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

/** A visual index whose products carry metadata of type `M` (`openVisualIndex<M>()`). */
export interface VisualIndex<M extends object = ProductMetadata> {
  readonly name: string;
  readonly embeddingSize: number;
  /** Products in the index. */
  readonly size: number;
  /** Adds a product or updates it (a product without image/embedding keeps its embedding and gets new metadata). */
  put(product: CatalogProduct<M>): Promise<void>;
  /**
   * Bulk put, all or nothing: checks every product, embeds the images in batches, then writes all in one
   * transaction. Returns products written.
   */
  putMany(products: readonly CatalogProduct<M>[], options?: PutManyOptions): Promise<number>;
  /** Removes a product; false when it was not stored. */
  remove(productId: string): Promise<boolean>;
  /** A product's stored embedding and metadata. */
  get(productId: string): IndexedProduct<M> | undefined;
  /** The `topK` products most similar to an image or an embedding. */
  search(query: ImageInput | Float32Array, options?: VisualSearchOptions<M>): Promise<VisualSearchHit<M>[]>;
  /** Removes every product. */
  clear(): Promise<void>;
  /** Closes the database and frees memory. Idempotent; later calls throw DISPOSED. */
  close(): void;
}
