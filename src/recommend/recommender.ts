/**
 * The Recommender: personalised, similar, frequently-bought-together and popular lists on the device, from a
 * state trained in this browser, loaded from a URL or IndexedDB, or imported from embeddings trained elsewhere.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError } from '../core/errors.ts';
import { guardDisposed, type ModelFiles } from '../core/lifecycle.ts';
import type { ShopperEvent } from '../history/types.ts';
import { coldStartPlacement, coldStartSource, historyFromEvents, itemFilter, selectTop, type ListOptions, type ProductInfo, type RecommendedProduct } from './lists.ts';
import { softmaxRows } from './scoring.ts';
import { SessionKnn, mixSessionKnn } from './session-knn.ts';
import { KNN_MIX, sparseKnnScores, type ItemSimilarity } from './baselines.ts';
import { checkListOptions, checkProductId, checkProducts, checkShopperEvents } from './check-input.ts';
import type { RecommenderMetadata } from './check-metadata.ts';
import { metadataOf, recommenderFiles, saveRecommenderState } from './save.ts';
import type { RecommenderState } from './state.ts';

/** The files of a saved recommender's folder. */
export interface RecommenderFiles extends ModelFiles {
  'metadata.json': string;
  'weights.bin': Uint8Array;
}

/** Options of {@link Recommender.recommend}. */
export interface RecommendOptions extends ListOptions {
  /** Leave out products the shopper already interacted with. @default true */
  excludeSeen?: boolean;
  /** Leave out products the shopper bought. @default true */
  excludePurchased?: boolean;
}

const RELEVANT = 'Recommender';

/** A ready recommender. Results are plain `{ productId, score }[]`, best first. */
export interface Recommender {
  /** The products it knows, in index order. */
  readonly productIds: readonly string[];
  /** Embedding width. */
  readonly dim: number;
  /** Personalised list from the shopper's events (oldest or newest first, any order); none → popular. */
  recommend(events: readonly ShopperEvent[], options?: RecommendOptions): Promise<RecommendedProduct[]>;
  /** Products whose embeddings are closest (cosine) to `productId`'s. */
  similar(productId: string, options?: ListOptions): Promise<RecommendedProduct[]>;
  /** Products most often in the same shopper sequences as `productId` (co-occurrence cosine). */
  boughtTogether(productId: string, options?: ListOptions): Promise<RecommendedProduct[]>;
  /** Most popular products in the training data. */
  popular(options?: ListOptions): Promise<RecommendedProduct[]>;
  /** Category, price and attributes for filters and cold start. Unknown ids are kept for filtering only. */
  setCatalog(products: readonly ProductInfo[]): void;
  /**
   * Cold start: adds products with no interactions yet (products already known are left alone). A model trained
   * with a `catalog` places each by the mean of the vectors it learned for its attributes and category; otherwise
   * (or when none of them was learned) by the mean embedding of the known products sharing its attributes. Either
   * is scaled to the products' mean vector length, and the bias is that of the products sharing its attributes.
   * Returns the ids that could be placed.
   */
  addProducts(products: readonly ProductInfo[]): string[];
  /** A product's item embedding (a copy), or null when unknown. */
  embedding(productId: string): Float32Array | null;
  /** What its `metadata.json` holds: shape, product ids, attributes, weight specs and provenance (`info`); a copy. */
  readonly metadata: RecommenderMetadata;
  /** Saves to `indexeddb://<name>`; load it back with `loadRecommender('indexeddb://<name>')`. */
  save(target: string): Promise<void>;
  /** The files of a hosted folder (`metadata.json`, `weights.bin`); load them back with `loadRecommender('<folder>/')`. */
  toFiles(): Promise<RecommenderFiles>;
  /** Frees the tensors. Idempotent; any use afterwards throws DISPOSED. */
  dispose(): void;
}

/** The public face of a recommender: the DISPOSED guard around the class. */
export function guardedRecommender(recommender: RecommenderImpl): Recommender {
  return guardDisposed(recommender, RELEVANT, 'Load or train a new one.');
}

export class RecommenderImpl implements Recommender {
  private s: RecommenderState;
  private index = new Map<string, number>();
  private info = new Map<string, ProductInfo>();
  private unit = new Float32Array(0);
  private itemsT: tf.Tensor2D | null = null;
  private biasT: tf.Tensor2D | null = null;
  private sessionKnn: SessionKnn | null = null;
  /** Scratch rows of the session part (session-kNN and two-step scores), one score per product, reused by each call. */
  private sessionRows: [Float32Array, Float32Array] | null = null;
  private disposed = false;

  constructor(state: RecommenderState) {
    this.s = state;
    this.rebuild();
  }

  get productIds(): readonly string[] { return this.s.ids; }
  get dim(): number { return this.s.dim; }

  private rebuild(): void {
    const { ids, dim, items } = this.s;
    this.index = new Map(ids.map((id, i) => [id, i]));
    this.unit = new Float32Array(items.length);
    for (let i = 0; i < ids.length; i++) {
      let norm = 0;
      for (let k = 0; k < dim; k++) norm += (items[i * dim + k] as number) ** 2;
      const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
      for (let k = 0; k < dim; k++) this.unit[i * dim + k] = (items[i * dim + k] as number) * scale;
    }
    tf.dispose([this.itemsT, this.biasT].filter((t): t is tf.Tensor2D => t !== null));
    // Stored transposed [dim, n]: a [1, dim] × [dim, n] product reads the matrix in order (fastest on WASM).
    this.itemsT = tf.tidy(() => tf.tensor2d(items, [ids.length, dim]).transpose() as tf.Tensor2D);
    this.biasT = tf.tensor2d(this.s.bias, [1, ids.length]);
    if (this.s.sessions && this.sessionKnn?.numItems !== this.s.sessions.numItems) this.sessionKnn = new SessionKnn(this.s.sessions);
    this.sessionRows = this.sessionKnn ? [new Float32Array(ids.length), new Float32Array(ids.length)] : null;
  }

  private check(): void {
    if (this.disposed) throw new StorefrontError('DISPOSED', `${RELEVANT}: it was disposed. Load or create a new one.`);
  }

  /** The shopper vector: recency-weighted item embeddings through the residual layer (plain JS, tiny). */
  private encode(history: readonly number[]): Float32Array {
    const { dim: d, window: l, input, position, dense, denseBias } = this.s;
    const u = new Float32Array(d);
    const recent = history.slice(-l);
    const shift = l - recent.length;
    recent.forEach((item, p) => {
      const w = position[shift + p] as number;
      for (let k = 0; k < d; k++) u[k]! += w * (input[item * d + k] as number);
    });
    const h = new Float32Array(d);
    for (let j = 0; j < d; j++) {
      let z = denseBias[j] as number;
      for (let k = 0; k < d; k++) z += (u[k] as number) * (dense[k * d + j] as number);
      h[j] = (u[j] as number) + Math.tanh(z);
    }
    return h;
  }

  async recommend(events: readonly ShopperEvent[], recommendOptions?: RecommendOptions): Promise<RecommendedProduct[]> {
    this.check();
    const options = checkListOptions(`${RELEVANT} recommend()`, recommendOptions);
    const { topK, diversity } = options;
    const { items, purchased } = historyFromEvents(checkShopperEvents(`${RELEVANT} recommend()`, events));
    const history = items.map((id) => this.index.get(id)).filter((i): i is number => i !== undefined);
    const excluded = new Set(options.exclude ?? []);
    if (options.excludeSeen ?? true) for (const id of items) excluded.add(id);
    if (options.excludePurchased ?? true) for (const id of purchased) excluded.add(id);
    if (history.length === 0) return this.popular({ ...options, exclude: [...excluded] });
    const n = this.s.ids.length;
    const h = this.encode(history);
    const out = tf.tidy(() => tf.tensor2d(h, [1, this.s.dim]).matMul(this.itemsT as tf.Tensor2D).add(this.biasT as tf.Tensor2D));
    let scores: Float32Array;
    try {
      scores = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    const alpha = this.s.modelWeight;
    // Session-kNN at one weight for an anonymous session (every event of one session: a first visit, or no stored
    // history; chosen on DIGINETICA) and at another for a returning shopper's history of several (chosen on Beauty).
    const sessionWeight = !this.sessionKnn ? 0 : oneSession(events) ? this.s.sessionWeight : this.s.returningSessionWeight;
    if ((alpha < 1 && this.s.similarity) || sessionWeight > 0) softmaxRows(scores, n);
    if (alpha < 1 && this.s.similarity) {
      const knn = this.knnScores(history);
      let sum = 0;
      for (const v of knn.values()) sum += v;
      const k = sum > 0 ? (1 - alpha) / sum : 0;
      for (let i = 0; i < n; i++) scores[i]! *= alpha;
      for (const [i, v] of knn) if (i < n) scores[i]! += k * v;
    }
    if (sessionWeight > 0) {
      const [row, extra] = this.sessionRows as [Float32Array, Float32Array];
      mixSessionKnn(scores, this.sessionKnn as SessionKnn, history, sessionWeight, row, this.s.similarity, extra);
    }
    const keep = itemFilter(this.s.ids, this.info, options, excluded);
    return selectTop(scores, this.s.ids, keep, topK, diversity, this.unit, this.s.dim);
  }

  /**
   * The neighbourhood part of recommend(), a sparse distribution over items: with sequential rules (trained by this
   * version) 0.6 × item-kNN + 0.4 × rules, each at recency weight 0.6 per step back (chosen on Beauty validation,
   * docs/benchmarks.md); item-kNN alone at 0.8 for models saved without rules.
   */
  private knnScores(history: readonly number[]): Map<number, number> {
    const { similarity, rules } = this.s;
    if (!similarity) return new Map();
    if (!rules) return sparseKnnScores(similarity, history, 0.8);
    const out = sparseKnnScores(similarity, history, KNN_MIX.decay);
    for (const [j, v] of out) out.set(j, KNN_MIX.itemKnn * v);
    for (const [j, v] of sparseKnnScores(rules, history, KNN_MIX.decay)) out.set(j, (out.get(j) ?? 0) + KNN_MIX.rules * v);
    return out;
  }

  private lookup(productId: string, call: string): number {
    const i = this.index.get(checkProductId(`${RELEVANT} ${call}`, productId));
    if (i === undefined) {
      throw new StorefrontError('NOT_FOUND', `${RELEVANT}: product ${JSON.stringify(productId)} is unknown. Train with it, or add it with addProducts().`, { details: { productId } });
    }
    return i;
  }

  async similar(productId: string, listOptions?: ListOptions): Promise<RecommendedProduct[]> {
    this.check();
    const options = checkListOptions(`${RELEVANT} similar()`, listOptions);
    const i = this.lookup(productId, 'similar()');
    const d = this.s.dim;
    const n = this.s.ids.length;
    const scores = new Float32Array(n);
    for (let j = 0; j < n; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += (this.unit[i * d + k] as number) * (this.unit[j * d + k] as number);
      scores[j] = dot;
    }
    const keep = itemFilter(this.s.ids, this.info, options, new Set([...(options.exclude ?? []), productId]));
    return selectTop(scores, this.s.ids, keep, options.topK, options.diversity, this.unit, d);
  }

  async boughtTogether(productId: string, listOptions?: ListOptions): Promise<RecommendedProduct[]> {
    this.check();
    const options = checkListOptions(`${RELEVANT} boughtTogether()`, listOptions);
    const i = this.lookup(productId, 'boughtTogether()');
    const sim = this.s.similarity;
    if (!sim || i >= sim.numItems) return [];
    const scores = new Float32Array(this.s.ids.length).fill(-Infinity);
    for (let q = sim.rowStart[i] as number, end = sim.rowStart[i + 1] as number; q < end; q++) scores[sim.neighbours[q] as number] = sim.values[q] as number;
    const keep = itemFilter(this.s.ids, this.info, options, new Set([...(options.exclude ?? []), productId]));
    return selectTop(scores, this.s.ids, keep, options.topK, options.diversity, this.unit, this.s.dim);
  }

  async popular(listOptions?: ListOptions): Promise<RecommendedProduct[]> {
    this.check();
    const options = checkListOptions(`${RELEVANT} popular()`, listOptions);
    const keep = itemFilter(this.s.ids, this.info, options, new Set(options.exclude ?? []));
    return selectTop(this.s.popularity, this.s.ids, keep, options.topK, options.diversity, this.unit, this.s.dim);
  }

  setCatalog(products: readonly ProductInfo[]): void {
    this.check();
    for (const p of checkProducts<ProductInfo>(`${RELEVANT} setCatalog()`, products)) {
      this.info.set(p.productId, p);
      const i = this.index.get(p.productId);
      if (i !== undefined && p.attributes) this.s.attributes[i] = [...p.attributes];
    }
  }

  addProducts(products: readonly ProductInfo[]): string[] {
    this.check();
    const s = this.s;
    const list = checkProducts<ProductInfo>(`${RELEVANT} addProducts()`, products);
    // What placing reads of the products already known, computed once for the whole batch.
    const source = coldStartSource(list, { attributes: s.attributes, items: s.items, bias: s.bias, dim: s.dim, learned: s.learnedAttributes });
    const placed: { id: string; vector: Float32Array; bias: number; attributes: string[] }[] = [];
    const seen = new Set<string>();
    for (const p of list) {
      // A product listed twice is placed once, by its first record (twice would save a file that cannot load).
      if (this.index.has(p.productId) || seen.has(p.productId)) continue;
      seen.add(p.productId);
      const place = coldStartPlacement(p, source);
      if (place) placed.push({ id: p.productId, ...place, attributes: [...(p.attributes ?? [])] });
      this.info.set(p.productId, p);
    }
    return this.placeProducts(placed);
  }

  /**
   * Internal (addProducts(), and the cold-start eval's other placements): appends products that are not known yet
   * with the given vectors (each also the encoder's input row) and biases (@default the mean bias); no neighbours.
   */
  placeProducts(placed: readonly { id: string; vector: Float32Array; attributes: string[]; bias?: number }[]): string[] {
    if (placed.length === 0) return [];
    const s = this.s;
    const d = s.dim;
    const n = s.ids.length;
    const m = n + placed.length;
    const grow = (a: Float32Array, size: number) => { const b = new Float32Array(size); b.set(a.subarray(0, Math.min(a.length, size))); return b; };
    const items = grow(s.items, m * d);
    // New products enter the encoder's table too, before the padding row (which moves to the end).
    const input = grow(s.input, (m + 1) * d);
    input.fill(0, n * d);
    const meanBias = s.bias.reduce((a, b) => a + b, 0) / Math.max(n, 1);
    const bias = grow(s.bias, m).fill(meanBias, n);
    placed.forEach((p, k) => {
      if (p.bias !== undefined) bias[n + k] = p.bias;
      items.set(p.vector, (n + k) * d);
      input.set(p.vector, (n + k) * d);
    });
    // New products have no neighbours yet: their rows are empty.
    const grown = (sim: ItemSimilarity | null | undefined) => sim
      ? { ...sim, numItems: m, rowStart: Int32Array.from({ length: m + 1 }, (_, i) => sim.rowStart[Math.min(i, n)] as number) }
      : null;
    const similarity = grown(s.similarity);
    const rules = grown(s.rules);
    this.s = {
      ...s, ids: [...s.ids, ...placed.map((p) => p.id)], items, input, bias, popularity: grow(s.popularity, m), similarity, rules,
      attributes: [...s.attributes, ...placed.map((p) => p.attributes)],
    };
    this.rebuild();
    return placed.map((p) => p.id);
  }

  embedding(productId: string): Float32Array | null {
    this.check();
    const i = this.index.get(productId);
    return i === undefined ? null : this.s.items.slice(i * this.s.dim, (i + 1) * this.s.dim);
  }

  get metadata(): RecommenderMetadata {
    this.check();
    return structuredClone(metadataOf(this.s));
  }

  async save(target: string): Promise<void> {
    this.check();
    await saveRecommenderState(this.s, target);
  }

  async toFiles(): Promise<RecommenderFiles> {
    this.check();
    const { metadata, weights } = recommenderFiles(this.s);
    return { 'metadata.json': `${JSON.stringify(metadata, null, 2)}\n`, 'weights.bin': new Uint8Array(weights) };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.itemsT, this.biasT].filter((t): t is tf.Tensor2D => t !== null));
    this.itemsT = this.biasT = null;
  }
}

/** True when every event is of the same session. */
function oneSession(events: readonly ShopperEvent[]): boolean {
  const first = events[0]?.sessionId;
  return events.every((e) => e.sessionId === first);
}
