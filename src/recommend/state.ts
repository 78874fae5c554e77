/** The plain-data state of a recommender (what is saved and loaded), and its encoding as named arrays. */
import type { ItemSimilarity } from './baselines.ts';
import type { SessionIndex } from './session-knn.ts';

/** Everything a recommender needs, as typed arrays. Item index i is product `ids[i]`. */
export interface RecommenderState {
  ids: string[];
  dim: number;
  /** How many recent products the shopper encoder reads. */
  window: number;
  /** Encoder item embeddings [(n + 1) × dim]; the last row is padding (zeros). */
  input: Float32Array;
  /** Encoder weight of each position of the window, oldest first. */
  position: Float32Array;
  /** Encoder residual layer [dim × dim] and its bias [dim]. */
  dense: Float32Array;
  denseBias: Float32Array;
  /** Output item embeddings [n × dim] (what `similar` compares) and per-item bias [n]. */
  items: Float32Array;
  bias: Float32Array;
  /** Training counts per item (the popular list for shoppers without history). */
  popularity: Float32Array;
  /** Co-occurrence cosine between items (frequently bought together, and the kNN part of `recommend`). */
  similarity: ItemSimilarity | null;
  /** Sequential rules i → j (j followed i, weighted by 1 / gap), the other half of `recommend`'s kNN part; absent in files saved before them. */
  rules?: ItemSimilarity | null;
  /** Weight of the learned model against item-kNN in `recommend` (1 = model only). */
  modelWeight: number;
  /** The training sessions, for session-kNN in `recommend` (null: none kept, as in files saved by 0.1.0). */
  sessions: SessionIndex | null;
  /** Weight of session-kNN against the model + item-kNN blend in `recommend` for an anonymous session (0 = off). */
  sessionWeight: number;
  /** The same for a history of several sessions (a returning shopper; 0 = off). */
  returningSessionWeight: number;
  /** Attributes per item, for cold start. */
  attributes: (string[] | undefined)[];
  /**
   * The attribute vectors the model learned (trained with a catalog), for cold start: row r [dim] is attribute
   * `names[r]` (`a:<attribute>` or `c:<category>`). Absent or null: none learned (or a file saved before them).
   */
  learnedAttributes?: { names: string[]; vectors: Float32Array } | null;
  /** Provenance and anything else worth keeping. */
  metadata: Record<string, unknown>;
}

type Named = { name: string; dtype: 'float32' | 'int32'; shape: number[]; data: Float32Array | Int32Array };

/** The state's arrays, named, in a fixed order (for tf.io weight specs and our own files). */
export function namedArrays(s: RecommenderState): Named[] {
  const n = s.ids.length;
  const d = s.dim;
  const list: Named[] = [
    { name: 'input', dtype: 'float32', shape: [n + 1, d], data: s.input },
    { name: 'position', dtype: 'float32', shape: [s.window], data: s.position },
    { name: 'dense', dtype: 'float32', shape: [d, d], data: s.dense },
    { name: 'dense_bias', dtype: 'float32', shape: [d], data: s.denseBias },
    { name: 'items', dtype: 'float32', shape: [n, d], data: s.items },
    { name: 'bias', dtype: 'float32', shape: [n], data: s.bias },
    { name: 'popularity', dtype: 'float32', shape: [n], data: s.popularity },
  ];
  if (s.similarity) {
    list.push(
      { name: 'similarity_row_start', dtype: 'int32', shape: [n + 1], data: s.similarity.rowStart },
      { name: 'similarity_neighbours', dtype: 'int32', shape: [s.similarity.neighbours.length], data: s.similarity.neighbours },
      { name: 'similarity_values', dtype: 'float32', shape: [s.similarity.values.length], data: s.similarity.values },
    );
    if (s.rules) {
      list.push(
        { name: 'rules_row_start', dtype: 'int32', shape: [n + 1], data: s.rules.rowStart },
        { name: 'rules_neighbours', dtype: 'int32', shape: [s.rules.neighbours.length], data: s.rules.neighbours },
        { name: 'rules_values', dtype: 'float32', shape: [s.rules.values.length], data: s.rules.values },
      );
    }
  }
  if (s.sessions) {
    list.push(
      { name: 'sessions_start', dtype: 'int32', shape: [s.sessions.start.length], data: s.sessions.start },
      { name: 'sessions_items', dtype: 'int32', shape: [s.sessions.items.length], data: s.sessions.items },
    );
  }
  if (s.learnedAttributes) {
    list.push({ name: 'attribute_vectors', dtype: 'float32', shape: [s.learnedAttributes.names.length, d], data: s.learnedAttributes.vectors });
  }
  return list;
}

/** Concatenates the arrays into one buffer with their specs. */
export function packArrays(arrays: Named[]): { specs: { name: string; dtype: 'float32' | 'int32'; shape: number[] }[]; data: ArrayBuffer } {
  const total = arrays.reduce((sum, a) => sum + a.data.length * 4, 0);
  const data = new ArrayBuffer(total);
  let offset = 0;
  for (const a of arrays) {
    new Uint8Array(data, offset, a.data.byteLength).set(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength));
    offset += a.data.byteLength;
  }
  return { specs: arrays.map(({ name, dtype, shape }) => ({ name, dtype, shape })), data };
}

/** Splits a buffer back into named arrays by their specs. */
export function unpackArrays(specs: readonly { name: string; dtype: string; shape: number[] }[], data: ArrayBuffer): Map<string, Float32Array | Int32Array> {
  const out = new Map<string, Float32Array | Int32Array>();
  let offset = 0;
  for (const spec of specs) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = data.slice(offset, offset + size * 4);
    out.set(spec.name, spec.dtype === 'int32' ? new Int32Array(bytes) : new Float32Array(bytes));
    offset += size * 4;
  }
  return out;
}
