/**
 * Hashed bag-of-n-grams features for short customer messages: pure functions, no tfjs, run in Node.
 *
 * - Latin words: word unigrams and bigrams (weight 2), plus character 2–5-grams of each word padded with boundaries
 *   ("<refund>" → "<r", "<re", "ref", …), so a typo ("refnud") still shares most of its n-grams with the word.
 * - CJK runs: character 1–3-grams, so Chinese needs no segmenter ("退货" → "退", "货", "退货").
 * - Digit runs of 4+ digits (order numbers, amounts) become one shape token, so a number never seen in training
 *   does not add noise.
 * Each term is hashed (FNV-1a) into a fixed dimension; values are sublinear tf (1 + ln tf) × IDF, L2-normalised.
 */
import { normalizeText, tokenize } from './text.ts';

/** How text becomes features. Stored with a trained model: a model only understands its own configuration. */
export interface FeatureConfig {
  /** Hashed dimension, a power of two. @default 32768 */
  dim: number;
  /** Smallest character n-gram of Latin words (with boundary marks). @default 2 */
  charMin: number;
  /** Largest character n-gram of Latin words. @default 5 */
  charMax: number;
  /** Largest character n-gram of CJK runs (from 1). @default 3 */
  cjkMax: number;
  /** Weight of the word unigram and bigram terms relative to character n-grams. @default 2 */
  wordWeight: number;
  /** Characters read from a message; the rest is ignored (bounds the time of a 10k-character message). @default 1000 */
  maxChars: number;
}

export const DEFAULT_FEATURES: FeatureConfig = {
  dim: 32768,
  charMin: 2,
  charMax: 5,
  cjkMax: 3,
  wordWeight: 2,
  maxChars: 1000,
};

/** A sparse vector: parallel arrays, indices ascending and unique. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** FNV-1a over UTF-16 code units, 32-bit unsigned. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The terms of a message (before hashing), each with its weight; a term may repeat. Exposed for tests. */
export function extractTerms(text: string, config: FeatureConfig = DEFAULT_FEATURES): Array<[string, number]> {
  const normalized = normalizeText(text).slice(0, config.maxChars);
  const terms: Array<[string, number]> = [];
  let previous: string | null = null;
  for (const token of tokenize(normalized)) {
    if (token.kind === 'cjk') {
      previous = null;
      const chars = [...token.text];
      for (let n = 1; n <= config.cjkMax; n++) {
        for (let i = 0; i + n <= chars.length; i++) terms.push([`h|${chars.slice(i, i + n).join('')}`, 1]);
      }
      continue;
    }
    const word = /^\d{4,}$/u.test(token.text) ? `#${Math.min(token.text.length, 12)}` : token.text;
    terms.push([`w|${word}`, config.wordWeight]);
    if (previous !== null) terms.push([`b|${previous} ${word}`, config.wordWeight]);
    previous = word;
    if (word.startsWith('#')) continue;
    const chars = [...`<${word}>`];
    for (let n = config.charMin; n <= config.charMax; n++) {
      if (n >= chars.length) break; // the whole padded word is already the unigram
      for (let i = 0; i + n <= chars.length; i++) terms.push([`c|${chars.slice(i, i + n).join('')}`, 1]);
    }
  }
  return terms;
}

/** Hashed term counts of a message: index → summed weight, before tf/idf. */
export function countFeatures(text: string, config: FeatureConfig = DEFAULT_FEATURES): Map<number, number> {
  const mask = config.dim - 1;
  const counts = new Map<number, number>();
  for (const [term, weight] of extractTerms(text, config)) {
    const index = hashString(term) & mask;
    counts.set(index, (counts.get(index) ?? 0) + weight);
  }
  return counts;
}

/**
 * Smoothed inverse document frequency per hashed index, ln((1 + n) / (1 + df)) + 1 (as scikit-learn's
 * TfidfVectorizer), from the training messages' counts.
 */
export function fitIdf(docs: ReadonlyArray<Map<number, number>>, dim: number): Float32Array {
  const df = new Float32Array(dim);
  for (const doc of docs) for (const index of doc.keys()) df[index] = (df[index] as number) + 1;
  const idf = new Float32Array(dim);
  for (let i = 0; i < dim; i++) idf[i] = Math.log((1 + docs.length) / (1 + (df[i] as number))) + 1;
  return idf;
}

/** Sublinear tf × idf, L2-normalised, as a sparse vector with ascending indices. Empty counts → empty vector. */
export function weigh(counts: Map<number, number>, idf: Float32Array): SparseVector {
  const indices = Int32Array.from(counts.keys()).sort();
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] as number;
    const tf = counts.get(index) as number;
    const v = (tf >= 1 ? 1 + Math.log(tf) : tf) * (idf[index] ?? 1);
    values[i] = v;
    norm += v * v;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) * inv;
  }
  return { indices, values };
}

/** Text → its weighted, normalised feature vector. */
export function vectorize(text: string, config: FeatureConfig, idf: Float32Array): SparseVector {
  return weigh(countFeatures(text, config), idf);
}
