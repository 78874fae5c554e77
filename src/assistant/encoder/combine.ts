/**
 * How the encoder's features join the n-grams, pure: the sentence embedding becomes `dim` more dense features after
 * the hashed ones (indices `offset…offset+dim-1`, scaled by `weight`), so one softmax reads both, trained by the
 * same lazy Adam and run by the same embedding bag. Runs in Node.
 */
import type { SparseVector } from '../features.ts';

/** How the saved assistant's features extend past the hashed n-grams; recorded in model.json. */
export interface EncoderFeatures {
  /** The encoder's name (`'universal-sentence-encoder-lite'`). */
  name: string;
  /** Width of its embedding. */
  dim: number;
  /** Scale of the embedding features relative to the L2-normalised n-gram vector. */
  weight: number;
  /** Where the encoder was loaded from when the assistant was trained (where a shop is expected to host it). */
  url: string;
}

/** `vector` (indices below `offset`, ascending) followed by `embedding × weight` at `offset…`. */
export function withEmbedding(vector: SparseVector, embedding: Float32Array, offset: number, weight: number): SparseVector {
  const n = vector.indices.length;
  const indices = new Int32Array(n + embedding.length);
  const values = new Float32Array(n + embedding.length);
  indices.set(vector.indices);
  values.set(vector.values);
  for (let j = 0; j < embedding.length; j++) {
    indices[n + j] = offset + j;
    values[n + j] = (embedding[j] as number) * weight;
  }
  return { indices, values };
}
