/**
 * Top-K search over a {@link VectorStore}, exact or approximate.
 *
 * Exact: a plain loop when the store is small, else one tfjs [1, d] × [d, size] matrix product on a cached,
 * transposed copy of the row-major store (re-made only after the store changed): the [d, size] layout is the one
 * tfjs scores fastest (shared/REFERENCE.md: 36 ms vs 71–102 ms at 100k × 768).
 * Approximate (the default from {@link APPROXIMATE_THRESHOLD} multiply-adds up): an int8 copy of every vector
 * scored by a WebAssembly SIMD loop ({@link Int8Vectors}) picks the best `candidates`, which are then re-scored
 * with the float vectors; hits and scores are exact, only a true neighbour ranked outside the candidates by the
 * int8 scores can be missed (recall@10 measured in the README). The int8 copy is built on first use and kept in
 * step with the store row by row. Cached tensors are owned here; `dispose()` frees them.
 */
import * as tf from '@tensorflow/tfjs';
import { Int8Vectors, int8ScanAvailable } from './int8-scan.ts';
import { topKIndices } from '../core/top-k.ts';
import type { VectorStore } from './vectors.ts';

/** Below this many multiply-adds the plain loop beats uploading the matrix. */
export const TF_THRESHOLD = 2_000_000;
/** From this many multiply-adds (13,000 × 768) `exact: undefined` means approximate; below, exact costs < ~5 ms. */
export const APPROXIMATE_THRESHOLD = 10_000_000;
/** Candidates re-ranked exactly by default. */
export const DEFAULT_CANDIDATES = 200;

export interface TopKOptions {
  /** Keeps only rows it returns true for (applied while selecting candidates, so filtered rows cost no slot). */
  accept?: (row: number) => boolean;
  /** true: exact; false: approximate at any size; undefined: approximate from APPROXIMATE_THRESHOLD up. */
  exact?: boolean;
  /** Candidates re-scored exactly in approximate mode (at least k). @default DEFAULT_CANDIDATES */
  candidates?: number;
}

export interface ScoredRow {
  row: number;
  score: number;
}

export class VectorScorer {
  private matrix: { tensor: tf.Tensor2D; version: number } | null = null;
  private int8: Int8Vectors | null = null;
  private approxScores: Float32Array | undefined;

  constructor(private readonly store: VectorStore, private readonly threshold = TF_THRESHOLD) {}

  /** Whether `topK` with these options takes the approximate path. */
  approximates(exact?: boolean): boolean {
    if (exact === true || !int8ScanAvailable()) return false;
    return exact === false || this.store.size * this.store.dim >= APPROXIMATE_THRESHOLD;
  }

  /**
   * The `k` best rows for the unit `query`, best first (ties by row), with exact scores. Async because the tfjs path
   * reads its result back without blocking (a synchronous read stalls WebGPU, and on Chromium's software adapter
   * leaves the device unusable); a store changed meanwhile is scored again.
   */
  async topK(query: Float32Array, k: number, options: TopKOptions = {}): Promise<ScoredRow[]> {
    const { store } = this;
    const { accept } = options;
    const skip = accept && ((row: number) => !accept(row));
    const candidates = Math.max(k, options.candidates ?? DEFAULT_CANDIDATES);
    // The store detaches the int8 copy when updating it failed (its WebAssembly memory could not grow): rebuild.
    if (this.int8 && store.mirror !== this.int8) this.int8 = null;
    if (!this.approximates(options.exact) || candidates >= store.size || !this.buildInt8()) {
      const version = store.version;
      const scores = await this.scores(query);
      if (store.version !== version) return this.topK(query, k, options);
      return topKIndices(scores, k, { count: store.size, skip }).map((row) => ({ row, score: scores[row] as number }));
    }
    this.approxScores = this.int8!.scores(query, store.size, this.approxScores);
    const rows = topKIndices(this.approxScores, candidates, { count: store.size, skip });
    const exact = store.scoreRows(query, rows);
    const order = topKIndices(exact, k, { count: rows.length });
    return order.map((i) => ({ row: rows[i] as number, score: exact[i] as number }))
      .sort((a, b) => b.score - a.score || a.row - b.row);
  }

  /** Exact dot products of the unit `query` with rows 0..size-1 (the array may be longer: read only `size`). */
  async scores(query: Float32Array): Promise<Float32Array> {
    const { store } = this;
    if (store.size * store.dim < this.threshold) return store.scores(query);
    if (!this.matrix || this.matrix.version !== store.version) {
      this.matrix?.tensor.dispose();
      const { dim, size, data } = store;
      // Only the used rows (a view, no copy): the store's spare capacity would double the work.
      const tensor = tf.tidy(() => tf.transpose(tf.tensor2d(data.subarray(0, size * dim), [size, dim])));
      this.matrix = { tensor, version: store.version };
    }
    const matrix = this.matrix.tensor;
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(query, [1, store.dim]), matrix));
    try {
      return await product.data() as Float32Array;
    } finally {
      product.dispose();
    }
  }

  /** Builds the int8 copy if there is none; false when it cannot be built (out of memory): search stays exact. */
  private buildInt8(): boolean {
    if (this.int8) return true;
    const { store } = this;
    try {
      const int8 = new Int8Vectors(store.dim, store.capacity);
      for (let r = 0; r < store.size; r++) int8.write(r, store.row(r));
      store.mirror = int8;
      this.int8 = int8;
      return true;
    } catch {
      return false;
    }
  }

  dispose(): void {
    this.matrix?.tensor.dispose();
    this.matrix = null;
    if (this.int8 && this.store.mirror === this.int8) this.store.mirror = null;
    this.int8 = null;
    this.approxScores = undefined;
  }
}
