/**
 * The pure parts of a shop's lists: shopper events → history, filters and rules, MMR diversity, trending,
 * cold-start embeddings from attributes. Runs in Node.
 */
import type { ShopperEvent } from '../history/types.ts';
import { topKIndices } from '../core/top-k.ts';
import { numberAbove, numberIn } from '../core/validate.ts';
import { checkListOptions, checkTrendingEvents } from './check-input.ts';

/** One recommended product. */
export interface RecommendedProduct {
  productId: string;
  score: number;
}

/** What a shop knows about a product, for filters and cold start. */
export interface ProductInfo {
  productId: string;
  category?: string;
  price?: number;
  /** Categorical attributes (brand, category path…), for cold-start neighbours. */
  attributes?: readonly string[];
}

/** Filters and rules every list takes. */
export interface ListOptions {
  /** How many products. @default 10 */
  topK?: number;
  /** Products never to return. @default [] */
  exclude?: readonly string[];
  /** Only products of this category (needs catalogue info). @default undefined (any) */
  category?: string;
  /** Only products priced within [min, max] (needs catalogue info; products without a price are dropped). @default undefined (any) */
  priceRange?: readonly [number, number];
  /** A rule of the shop, e.g. in stock: return false to drop a product. @default undefined */
  filter?: (productId: string) => boolean;
  /** Diversity by maximal marginal relevance, 0 (off) … 1 (only diversity). @default 0 */
  diversity?: number;
}

/** The product ids a shopper interacted with (view, click, cart_add, purchase), oldest first, and those bought. */
export function historyFromEvents(events: readonly ShopperEvent[]): { items: string[]; purchased: Set<string> } {
  const relevant = events.filter((e) => e.productId !== undefined && (e.type === 'view' || e.type === 'click' || e.type === 'cart_add' || e.type === 'purchase'));
  const sorted = [...relevant].sort((a, b) => a.time - b.time);
  const items: string[] = [];
  const purchased = new Set<string>();
  for (const e of sorted) {
    const id = e.productId as string;
    if (e.type === 'purchase') purchased.add(id);
    // Repeated views of the same product in a row count once.
    if (items[items.length - 1] !== id) items.push(id);
  }
  return { items, purchased };
}

/** A predicate over item indices from the list options and catalogue info. */
export function itemFilter(ids: readonly string[], info: ReadonlyMap<string, ProductInfo>, options: ListOptions, excluded: ReadonlySet<string>): (index: number) => boolean {
  const { category, priceRange, filter } = options;
  return (index) => {
    const id = ids[index] as string;
    if (excluded.has(id)) return false;
    if (category !== undefined && info.get(id)?.category !== category) return false;
    if (priceRange !== undefined) {
      const price = info.get(id)?.price;
      if (price === undefined || price < priceRange[0] || price > priceRange[1]) return false;
    }
    return filter === undefined || filter(id);
  };
}

/**
 * Top-K of `scores` among items passing `keep`; a score that is not finite (NaN, or an overflow to ±Infinity) is
 * never returned. With diversity λ > 0, maximal marginal relevance over a shortlist:
 * pick argmax (1-λ)·score' − λ·max cosine to the picked items, score' being the score scaled to [0, 1].
 */
export function selectTop(scores: Float32Array, ids: readonly string[], keep: (index: number) => boolean, topK: number, diversity = 0, unitVectors?: Float32Array, dim = 0): RecommendedProduct[] {
  const skip = (i: number) => !Number.isFinite(scores[i] as number) || !keep(i);
  if (diversity <= 0 || unitVectors === undefined) {
    return topKIndices(scores, topK, { skip }).map((i) => ({ productId: ids[i] as string, score: scores[i] as number }));
  }
  const pool = topKIndices(scores, Math.max(topK * 5, 50), { skip });
  if (pool.length === 0) return [];
  const hi = scores[pool[0] as number] as number;
  const lo = scores[pool[pool.length - 1] as number] as number;
  const scale = hi > lo ? 1 / (hi - lo) : 0;
  const picked: number[] = [];
  const maxSim = new Float64Array(pool.length).fill(0);
  const used = new Uint8Array(pool.length);
  while (picked.length < Math.min(topK, pool.length)) {
    let best = -1;
    let bestValue = -Infinity;
    pool.forEach((item, p) => {
      if (used[p]) return;
      const value = (1 - diversity) * ((scores[item] as number) - lo) * scale - diversity * (maxSim[p] as number);
      if (value > bestValue) { bestValue = value; best = p; }
    });
    used[best] = 1;
    const chosen = pool[best] as number;
    picked.push(chosen);
    pool.forEach((item, p) => {
      if (used[p]) return;
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += (unitVectors[item * dim + k] as number) * (unitVectors[chosen * dim + k] as number);
      if (dot > (maxSim[p] as number)) maxSim[p] = dot;
    });
  }
  return picked.map((i) => ({ productId: ids[i] as string, score: scores[i] as number }));
}

/** One interaction the shop reports for trending: a product, when, and how much it counts. */
export interface TrendingEvent {
  productId: string;
  /** Milliseconds since the Unix epoch. */
  time: number;
  /** How much it counts (e.g. 1 view, 5 purchase). @default 1 */
  weight?: number;
}

/** Options of {@link trendingProducts}. */
export interface TrendingOptions extends Pick<ListOptions, 'topK' | 'exclude' | 'filter'> {
  /** An event loses half its weight every `halfLifeHours` (above 0, at most 1e6). @default 72 */
  halfLifeHours?: number;
  /** The reference time, ms since the epoch. @default Date.now() */
  now?: number;
}

/**
 * Time-decayed popularity: Σ weight · 2^(−age / half-life) per product, best first. Malformed events are
 * INVALID_INPUT naming the index and field; options outside their range INVALID_OPTION.
 */
export function trendingProducts(events: readonly TrendingEvent[], trendingOptions?: TrendingOptions): RecommendedProduct[] {
  const options = checkListOptions('trendingProducts', trendingOptions);
  checkTrendingEvents<TrendingEvent>('trendingProducts', events);
  const halfLife = numberAbove('halfLifeHours', options.halfLifeHours ?? 72, 0, 1e6) * 3_600_000;
  const now = numberIn('now', options.now ?? Date.now(), -8.64e15, 8.64e15);
  const exclude = new Set(options.exclude ?? []);
  const totals = new Map<string, number>();
  for (const e of events) {
    const age = Math.max(0, now - e.time);
    totals.set(e.productId, (totals.get(e.productId) ?? 0) + (e.weight ?? 1) * 2 ** (-age / halfLife));
  }
  return [...totals]
    .filter(([id]) => !exclude.has(id) && (options.filter === undefined || options.filter(id)))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, options.topK)
    .map(([productId, score]) => ({ productId, score }));
}

/** The attribute keys a model learns of a product (and places a new one by): its attributes, and its category as one more. */
export function learnedAttributeKeys(p: ProductInfo | undefined): string[] {
  if (!p) return [];
  return [...(p.attributes ?? []).map((a) => `a:${a}`), ...(p.category === undefined ? [] : [`c:${p.category}`])];
}

/**
 * Cold start from the attribute vectors a model learned: the mean of the rows of the product's known attribute
 * keys ({@link learnedAttributeKeys}), which is what the model itself added to each trained product's own vector.
 * Returns null when none of them was learned.
 */
export function embeddingFromLearned(p: ProductInfo, learned: { names: readonly string[]; vectors: Float32Array }, dim: number): Float32Array | null {
  return fromLearnedRows(p, learnedRows(learned), learned.vectors, dim);
}

/** Row of each learned attribute name: built once per batch of new products, not once per product. */
function learnedRows(learned: { names: readonly string[] }): Map<string, number> {
  return new Map(learned.names.map((name, r) => [name, r]));
}

function fromLearnedRows(p: ProductInfo, row: ReadonlyMap<string, number>, vectors: Float32Array, dim: number): Float32Array | null {
  const rows = [...new Set(learnedAttributeKeys(p))].map((key) => row.get(key)).filter((r): r is number => r !== undefined);
  if (rows.length === 0) return null;
  const out = new Float32Array(dim);
  for (const r of rows) for (let k = 0; k < dim; k++) out[k]! += (vectors[r * dim + k] as number) / rows.length;
  return out;
}

/** The mean Euclidean length of the rows of `vectors` ([n × dim]); 0 for none. */
export function meanVectorLength(vectors: Float32Array, dim: number): number {
  const n = Math.floor(vectors.length / dim);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let k = 0; k < dim; k++) sq += (vectors[i * dim + k] as number) ** 2;
    total += Math.sqrt(sq);
  }
  return n === 0 ? 0 : total / n;
}

/**
 * Per attribute of `wanted`, the mean of the rows of `vectors` ([n × dim]) of the known products that have it, in
 * one pass over the products. Attributes no product has are left out.
 */
export function attributeMeans(wanted: ReadonlySet<string>, known: readonly (readonly string[] | undefined)[], vectors: Float32Array, dim: number): Map<string, Float32Array> {
  const sums = new Map<string, { v: Float64Array; n: number }>();
  known.forEach((attrs, item) => {
    for (const a of attrs ?? []) {
      if (!wanted.has(a)) continue;
      let s = sums.get(a);
      if (!s) sums.set(a, (s = { v: new Float64Array(dim), n: 0 }));
      for (let k = 0; k < dim; k++) s.v[k]! += vectors[item * dim + k] as number;
      s.n++;
    }
  });
  return new Map([...sums].map(([a, { v, n }]) => [a, Float32Array.from(v, (x) => x / n)]));
}

/** The mean of the attributes' means (each distinct attribute once); null when none of them has one. */
export function meanOfAttributes(attributes: readonly string[], means: ReadonlyMap<string, Float32Array>, dim: number): Float32Array | null {
  const found = [...new Set(attributes)].map((a) => means.get(a)).filter((m): m is Float32Array => m !== undefined);
  if (found.length === 0) return null;
  const out = new Float32Array(dim);
  for (const m of found) for (let k = 0; k < dim; k++) out[k]! += (m[k] as number) / found.length;
  return out;
}

/**
 * Cold start: an embedding for a new product from its attributes. Each attribute's vector is the mean of the
 * embeddings of the known products that have it; the new product gets the mean of its attributes' vectors.
 * Returns null when none of its attributes is known.
 */
export function embeddingFromAttributes(attributes: readonly string[], known: readonly (readonly string[] | undefined)[], vectors: Float32Array, dim: number): Float32Array | null {
  return meanOfAttributes(attributes, attributeMeans(new Set(attributes), known, vectors, dim), dim);
}

/** What cold start reads of a trained recommender, computed once for a batch of new products ({@link coldStartSource}). */
export interface ColdStartSource {
  dim: number;
  learned: { names: readonly string[]; vectors: Float32Array } | null | undefined;
  /** The row of each learned attribute name (null without learned vectors). */
  learnedRows: ReadonlyMap<string, number> | null;
  /** The mean length of the products' vectors, and their mean bias. */
  meanLength: number;
  meanBias: number;
  /** Per attribute of the new products, the mean vector and the mean bias of the known products that have it. */
  vectors: ReadonlyMap<string, Float32Array>;
  biases: ReadonlyMap<string, Float32Array>;
}

/** The {@link ColdStartSource} for placing `products` in a recommender's products (their attributes, vectors, biases). */
export function coldStartSource(products: readonly ProductInfo[], known: { attributes: readonly (readonly string[] | undefined)[]; items: Float32Array; bias: Float32Array; dim: number; learned: ColdStartSource['learned'] }): ColdStartSource {
  const wanted = new Set(products.flatMap((p) => p.attributes ?? []));
  const { attributes, items, bias, dim, learned } = known;
  return {
    dim, learned, learnedRows: learned ? learnedRows(learned) : null,
    meanLength: meanVectorLength(items, dim), meanBias: bias.reduce((a, b) => a + b, 0) / Math.max(bias.length, 1),
    vectors: attributeMeans(wanted, attributes, items, dim), biases: attributeMeans(wanted, attributes, bias, 1),
  };
}

/**
 * Where a new product goes (cold start), or null when nothing it has is known. Its vector is the mean of the
 * attribute vectors the model learned ({@link embeddingFromLearned}), else of the known products sharing its
 * attributes ({@link embeddingFromAttributes}); a mean is shorter than the vectors it averages, so it is scaled to
 * the mean length of the products' vectors. Its bias is that of the products sharing its attributes (the mean bias
 * without any). Chosen on Beauty validation: see tools/eval/recommend-cold.ts.
 */
export function coldStartPlacement(p: ProductInfo, source: ColdStartSource): { vector: Float32Array; bias: number } | null {
  const { dim: d, learned, learnedRows: rows, meanLength } = source;
  const own = p.attributes ?? [];
  const vector = (learned && rows ? fromLearnedRows(p, rows, learned.vectors, d) : null) ?? meanOfAttributes(own, source.vectors, d);
  if (!vector) return null;
  const norm = meanVectorLength(vector, d);
  if (norm > 0) for (let k = 0; k < d; k++) vector[k] = (vector[k] as number) * meanLength / norm;
  const shared = meanOfAttributes(own, source.biases, 1);
  return { vector, bias: shared ? shared[0] as number : source.meanBias };
}
