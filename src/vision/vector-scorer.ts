/**
 * Scores a query against every vector of a {@link VectorStore}: a plain loop when the store is small, else one
 * tfjs [1, d] × [d, size] matrix product on a cached copy of the column-major matrix (re-uploaded only after
 * the store changed). The cached tensor is owned here; `dispose()` frees it.
 */
import * as tf from '@tensorflow/tfjs';
import type { VectorStore } from './vectors.ts';

/** Below this many multiply-adds the plain loop beats uploading the matrix. */
export const TF_THRESHOLD = 2_000_000;

export class VectorScorer {
  private matrix: { tensor: tf.Tensor2D; version: number } | null = null;

  constructor(private readonly store: VectorStore, private readonly threshold = TF_THRESHOLD) {}

  /** Dot products of the unit `query` with rows 0..size-1 (the array may be longer: read only `size`). */
  scores(query: Float32Array): Float32Array {
    const { store } = this;
    if (store.size * store.dim < this.threshold) return store.scores(query);
    if (!this.matrix || this.matrix.version !== store.version) {
      this.matrix?.tensor.dispose();
      // Upload only the used columns: the store's spare capacity (up to half of it) would double the work.
      const { dim, size, capacity, data } = store;
      let used = data;
      if (size < capacity) {
        used = new Float32Array(dim * size);
        for (let d = 0; d < dim; d++) used.set(data.subarray(d * capacity, d * capacity + size), d * size);
      }
      this.matrix = { tensor: tf.tensor2d(used, [dim, size]), version: store.version };
    }
    const matrix = this.matrix.tensor;
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(query, [1, store.dim]), matrix));
    try {
      return product.dataSync() as Float32Array;
    } finally {
      product.dispose();
    }
  }

  dispose(): void {
    this.matrix?.tensor.dispose();
    this.matrix = null;
  }
}
