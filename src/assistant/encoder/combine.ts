/**
 * How the encoder's features join the n-grams, pure: the sentence embedding becomes `dim` more dense features after
 * the hashed ones (indices `offset…offset+dim-1`, scaled by `weight`), so one softmax reads both, trained by the
 * same lazy Adam and run by the same embedding bag. Runs in Node.
 */
import { extractTerms, type FeatureConfig, type SparseVector } from '../features.ts';

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
  /** Cosine to the nearest class centroid below which a message is unfamiliar (nearness.ts); null: no check. */
  nearnessFloor: number | null;
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

/** The Latin words (digit runs aside) of `texts`, as the `w|` terms features.ts makes of them. */
export function latinWords(texts: readonly string[], features: FeatureConfig): Set<string> {
  const out = new Set<string>();
  for (const text of texts) for (const [term] of extractTerms(text, features)) if (isWord(term)) out.add(term);
  return out;
}

const isWord = (term: string) => term.startsWith('w|') && !term.startsWith('w|#');

/**
 * How far to trust the encoder on `text`: the share of its Latin words (digit runs aside) that the training text
 * has (`known`, from {@link latinWords} of the content); 0 without Latin words. The embedding is scaled by it: the
 * encoder is English-only (Chinese messages keep the n-grams alone), and keyboard mash too short for the letter
 * check ("gg", "peq") would otherwise borrow a confident class from the embedding of a short intent ("cancel").
 */
export function encoderTrust(text: string, features: FeatureConfig, known: ReadonlySet<string>): number {
  let words = 0;
  let seen = 0;
  for (const [term] of extractTerms(text, features)) {
    if (!isWord(term)) continue;
    words++;
    if (known.has(term)) seen++;
  }
  return words === 0 ? 0 : seen / words;
}
