/**
 * Checks every product of a put/putMany before anything is embedded or written, so that bad input changes nothing
 * and is reported as the caller's INVALID_INPUT (naming the product and the field), never as a storage failure
 * half-way through a write.
 */
import { StorefrontError, describeError } from '../core/errors.ts';
import { show } from '../core/validate.ts';
import { isImageInput } from './preprocess.ts';
import type { CatalogProduct, ProductMetadata } from './visual-index-types.ts';
import { checkEmbedding } from './vectors.ts';

export interface CheckContext {
  /** `Visual index "<name>"`. */
  subject: string;
  embeddingSize: number;
  hasModel: boolean;
  /** Whether the index already holds `productId` (a metadata-only entry needs it). */
  has(productId: string): boolean;
}

export function checkProductId(subject: string, productId: unknown, where = 'productId'): string {
  if (typeof productId !== 'string' || productId === '') {
    throw new StorefrontError('INVALID_INPUT', `${subject}: ${where} is ${show(productId)}. Pass a non-empty string.`, { details: { field: where } });
  }
  return productId;
}

/**
 * Returns each product's metadata structured-cloned, as IndexedDB will clone it (undefined where none was given):
 * a value it cannot store (a function, a DOM node) is caught here. A metadata-only entry may rely on an embedding
 * or image given earlier in the same call.
 */
export function checkProducts(products: readonly CatalogProduct[], context: CheckContext): (ProductMetadata | undefined)[] {
  const { subject } = context;
  const given = new Set<string>();
  // Array.from visits holes ([p1, , p2]) as undefined, which map would skip and leave for IndexedDB to refuse.
  return Array.from(products, (p, i) => {
    const bad = (field: string, message: string, cause?: unknown): never => {
      throw new StorefrontError('INVALID_INPUT', `${subject}: ${message} Nothing was written.`, { cause, details: { index: i, field } });
    };
    if (typeof p !== 'object' || p === null) bad(`products[${i}]`, `product ${i} is ${show(p)}. Pass { productId, image | embedding, metadata }.`);
    const productId = checkProductId(subject, p.productId, `products[${i}].productId`);
    if (p.metadata !== undefined && (typeof p.metadata !== 'object' || p.metadata === null)) {
      bad('metadata', `metadata of ${productId} (product ${i}) is ${show(p.metadata)}. Pass a plain object.`);
    }
    if (p.embedding !== undefined) checkEmbedding(p.embedding, context.embeddingSize, `${subject}, ${productId}`);
    else if (p.image !== undefined) {
      if (!context.hasModel) bad('image', `${productId} has an image but the index has no model. Pass { model } to openVisualIndex(), or a precomputed embedding.`);
      if (!isImageInput(p.image)) {
        bad('image', `the image of ${productId} (product ${i}) is ${show(p.image)}. Pass an <img>, <canvas>, ImageBitmap, ImageData, VideoFrame, Blob or File.`);
      }
    } else if (!context.has(productId) && !given.has(productId)) {
      bad('embedding', `${productId} (product ${i}) is new and has neither image nor embedding. Pass one.`);
    }
    if (p.embedding !== undefined || p.image !== undefined) given.add(productId);
    if (p.metadata === undefined) return undefined;
    try {
      return structuredClone(p.metadata);
    } catch (error) {
      return bad('metadata', `metadata of ${productId} (product ${i}) cannot be stored (${describeError(error)}). ` +
        'Pass plain data (strings, numbers, booleans, arrays, plain objects, Dates, Blobs).', error);
    }
  });
}
