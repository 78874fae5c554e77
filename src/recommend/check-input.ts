/**
 * Checks of everything a recommender call takes: shopper events, catalogue records, training sequences, embeddings
 * and the list options. Each failure is INVALID_INPUT (an argument) or INVALID_OPTION (an option) naming the index,
 * the field and what is accepted, before any tensor exists or any state changes. Pure; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import { functionOption, numberIn, optionsOf, show, stringsOption, booleanOption } from '../core/validate.ts';
import { EVENT_TYPES, type ShopperEvent } from '../history/types.ts';

/** The list options as checked here (lists.ts's ListOptions; not imported, so lists.ts may import this file). */
interface ListOptionsShape {
  topK?: number;
  diversity?: number;
  exclude?: readonly string[];
  category?: string;
  priceRange?: readonly [number, number];
  filter?: (productId: string) => boolean;
}

/** The most products a list returns. */
export const MAX_TOP_K = 10_000;

function bad(subject: string, field: string, what: string, value: unknown): never {
  throw new StorefrontError('INVALID_INPUT', `${subject}: ${field} ${what}; got ${show(value)}. Correct ${field} and call again.`, { details: { field, value } });
}

function arrayOf(subject: string, field: string, value: unknown, what: string): readonly unknown[] {
  if (!Array.isArray(value)) bad(subject, field, `must be an array of ${what}`, value);
  return value;
}

function record(subject: string, field: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(subject, field, 'must be an object', value);
  return value as Record<string, unknown>;
}

function id(subject: string, field: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') bad(subject, field, 'must be a non-empty string', value);
  return value;
}

/** A product id argument (`similar`, `boughtTogether`). */
export function checkProductId(subject: string, value: unknown): string {
  return id(subject, 'productId', value);
}

/** An event time: a finite number of milliseconds since the epoch. */
function time(subject: string, field: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) bad(subject, field, 'must be a finite number (ms since the epoch)', value);
}

/** The shopper's events for `recommend`: objects with a known `type`, a finite `time` and, when set, a string `productId`. */
export function checkShopperEvents(subject: string, events: unknown): readonly ShopperEvent[] {
  const list = arrayOf(subject, 'events', events, 'ShopperEvent (pass [] for a new shopper)');
  Array.from(list).forEach((value, i) => {
    const e = record(subject, `events[${i}]`, value);
    if (typeof e.type !== 'string' || !(EVENT_TYPES as readonly string[]).includes(e.type)) {
      bad(subject, `events[${i}].type`, `must be one of ${EVENT_TYPES.join(', ')}`, e.type);
    }
    time(subject, `events[${i}].time`, e.time);
    if (e.productId !== undefined) id(subject, `events[${i}].productId`, e.productId);
  });
  return list as readonly ShopperEvent[];
}

/** The shop's trending events: a non-empty string `productId`, a finite `time`, a `weight` from 0 to 1e9. */
export function checkTrendingEvents<T>(subject: string, events: unknown): readonly T[] {
  const list = arrayOf(subject, 'events', events, 'TrendingEvent');
  Array.from(list).forEach((value, i) => {
    const e = record(subject, `events[${i}]`, value);
    id(subject, `events[${i}].productId`, e.productId);
    time(subject, `events[${i}].time`, e.time);
    const w = e.weight;
    if (w !== undefined && (typeof w !== 'number' || !Number.isFinite(w) || w < 0 || w > 1e9)) {
      bad(subject, `events[${i}].weight`, 'must be a number from 0 to 1e9', w);
    }
  });
  return list as readonly T[];
}

/** Catalogue records, all checked before any is applied. */
export function checkProducts<T>(subject: string, products: unknown): readonly T[] {
  const list = arrayOf(subject, 'products', products, 'ProductInfo ({ productId, category?, price?, attributes? })');
  Array.from(list).forEach((value, i) => {
    const p = record(subject, `products[${i}]`, value);
    id(subject, `products[${i}].productId`, p.productId);
    if (p.category !== undefined && typeof p.category !== 'string') bad(subject, `products[${i}].category`, 'must be a string', p.category);
    if (p.price !== undefined && (typeof p.price !== 'number' || !Number.isFinite(p.price) || p.price < 0)) {
      bad(subject, `products[${i}].price`, 'must be a finite number ≥ 0', p.price);
    }
    if (p.attributes !== undefined) {
      Array.from(arrayOf(subject, `products[${i}].attributes`, p.attributes, 'strings')).forEach((a, k) => {
        if (typeof a !== 'string') bad(subject, `products[${i}].attributes[${k}]`, 'must be a string', a);
      });
    }
  });
  return list as readonly T[];
}

/** Training sequences: a non-empty array of non-empty arrays of non-empty product-id strings. */
export function checkSequences(subject: string, sequences: unknown): readonly (readonly string[])[] {
  const list = arrayOf(subject, 'sequences', sequences, 'product-id arrays, one per shopper');
  if (list.length === 0) bad(subject, 'sequences', 'must hold at least one shopper\'s sequence', list);
  Array.from(list).forEach((seq, i) => {
    const ids = arrayOf(subject, `sequences[${i}]`, seq, 'product-id strings');
    if (ids.length === 0) bad(subject, `sequences[${i}]`, 'must hold at least one product id (leave shoppers without products out)', ids);
    Array.from(ids).forEach((value, k) => id(subject, `sequences[${i}][${k}]`, value));
  });
  return list as readonly (readonly string[])[];
}

/** Decoded embeddings: unique string ids, an integer dim, a Float32Array of ids.length × dim finite values. */
export function checkEmbeddings<T>(embeddings: unknown, maxDim: number): T {
  const subject = 'Embeddings';
  const e = record(subject, 'embeddings', embeddings);
  const ids = arrayOf(subject, 'ids', e.ids, 'product-id strings');
  Array.from(ids).forEach((value, i) => id(subject, `ids[${i}]`, value));
  if (ids.length === 0) bad(subject, 'ids', 'must list at least one product', ids);
  if (new Set(ids).size !== ids.length) bad(subject, 'ids', 'must name each product once', ids);
  if (typeof e.dim !== 'number' || !Number.isInteger(e.dim) || e.dim < 1 || e.dim > maxDim) bad(subject, 'dim', `must be an integer from 1 to ${maxDim}`, e.dim);
  if (!(e.vectors instanceof Float32Array)) bad(subject, 'vectors', 'must be a Float32Array', e.vectors);
  const { vectors, dim } = e as { vectors: Float32Array; dim: number };
  if (vectors.length !== ids.length * dim) bad(subject, 'vectors', `must hold ids.length × dim = ${ids.length * dim} values`, vectors.length);
  const at = firstNonFinite(vectors);
  if (at >= 0) bad(subject, 'vectors', `must be finite: row ${Math.floor(at / dim)} (product ${JSON.stringify(ids[Math.floor(at / dim)])}) holds`, vectors[at]);
  return e as T;
}

/** Index of the first NaN or ±Infinity, or -1. */
export function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return i;
  return -1;
}

/** The checked options every list takes; a reversed or NaN price range is an error rather than an empty list. */
export function checkListOptions<T extends ListOptionsShape>(subject: string, value: T | undefined): Partial<T> & { topK: number; diversity: number } {
  const options = optionsOf(subject, value);
  const topK = numberIn('topK', options.topK ?? 10, 1, MAX_TOP_K, true);
  const diversity = numberIn('diversity', options.diversity ?? 0, 0, 1);
  stringsOption('exclude', options.exclude);
  functionOption('filter', options.filter);
  if (options.category !== undefined && typeof options.category !== 'string') {
    throw new StorefrontError('INVALID_OPTION', `Option category must be a string; got ${show(options.category)}.`, { details: { option: 'category', value: options.category } });
  }
  const range = options.priceRange;
  if (range !== undefined) {
    const ok = Array.isArray(range) && range.length === 2 && range.every((v) => typeof v === 'number' && !Number.isNaN(v)) &&
      (range[0] as number) <= (range[1] as number);
    if (!ok) {
      throw new StorefrontError('INVALID_OPTION', `Option priceRange must be [min, max] with numbers min ≤ max (Infinity for no upper limit); got ${Array.isArray(range) ? `[${range.map(show).join(', ')}]` : show(range)}.`, {
        details: { option: 'priceRange', value: range },
      });
    }
  }
  for (const flag of ['excludeSeen', 'excludePurchased'] as const) booleanOption(flag, (options as Record<string, unknown>)[flag]);
  return { ...options, topK, diversity };
}

/** Refuses trained weights holding NaN or ±Infinity (training diverged): INVALID_OPTION naming learningRate. */
export function checkTrainedWeights(weights: { readonly [name: string]: ArrayLike<number> } | object, learningRate: number): void {
  for (const [name, values] of Object.entries(weights) as [string, ArrayLike<number>][]) {
    if (firstNonFinite(values) >= 0) {
      throw new StorefrontError('INVALID_OPTION', `Recommender training: the ${name} weights became NaN or infinite (training diverged). Lower learningRate (was ${learningRate}) or train fewer epochs.`, {
        details: { option: 'learningRate', value: learningRate, weights: name },
      });
    }
  }
}
