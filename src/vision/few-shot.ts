/**
 * Few-shot shop categories: teach labels from a handful of example images (or embeddings), predict with scores,
 * say "none of these" under a threshold, export to / import from a file. The classifier holds plain
 * Float32Arrays; saving to IndexedDB is the category store's job (`openCategoryStore`).
 */
import { StorefrontError } from '../core/errors.ts';
import { manifestOf } from '../core/files/index.ts';
import { numberIn, show } from '../core/validate.ts';
import {
  FEW_SHOT_FORMAT, fetchFewShotFile, fromBase64, invalidFile, parseFewShotFile, toBase64, type FewShotFile, type ImportFewShotOptions,
} from './few-shot-file.ts';
import { scoreCategories, type Example, type LabelScore } from './few-shot-knn.ts';
import type { ImageModel } from './image-model.ts';
import { isImageInput, type ImageInput } from './preprocess.ts';
import { checkEmbedding, l2Normalize } from './vectors.ts';

export interface FewShotOptions {
  /** Embeds example and query images. Without it, only embeddings are accepted. @default undefined */
  model?: ImageModel;
  /** Embedding length when no model is given. @default model.embeddingSize */
  embeddingSize?: number;
  /** Each category is scored by its `k` most similar examples. @default 3 */
  k?: number;
  /** Best score below this → `label: null` ("none of these"). 0 never says none. @default 0 */
  threshold?: number;
}

/** A prediction: the best label, or null for "none of these", and every category's score (cosine, best first). */
export interface FewShotPrediction {
  label: string | null;
  score: number;
  scores: LabelScore[];
}

export interface FewShotClassifier {
  readonly embeddingSize: number;
  /** Categories taught so far, sorted. */
  readonly labels: string[];
  /** Number of examples per category. */
  readonly counts: Record<string, number>;
  k: number;
  threshold: number;
  /** Teaches `label` from example images or embeddings. */
  addExamples(label: string, examples: readonly (ImageInput | Float32Array)[]): Promise<void>;
  /** Forgets a category; false when unknown. */
  removeLabel(label: string): boolean;
  predict(query: ImageInput | Float32Array): Promise<FewShotPrediction>;
  /** The classifier as a JSON file (a Blob you can download, or store elsewhere). */
  export(): Blob;
  /** The same content as a plain object (what the category store saves). */
  toJSON(): FewShotFile;
  /** Drops the examples. Idempotent; later calls throw DISPOSED. */
  dispose(): void;
}

class KnnFewShotClassifier implements FewShotClassifier {
  private disposed = false;
  private examples: Example[] = [];
  k: number;
  threshold: number;

  constructor(readonly embeddingSize: number, private readonly model: ImageModel | undefined, k: number, threshold: number) {
    this.k = k;
    this.threshold = threshold;
  }

  private check(): void {
    if (this.disposed) throw new StorefrontError('DISPOSED', 'Few-shot classifier: it was disposed. Create or import a new one.');
  }

  get labels(): string[] {
    return [...new Set(this.examples.map((e) => e.label))].sort();
  }

  get counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.examples) out[e.label] = (out[e.label] ?? 0) + 1;
    return out;
  }

  private async embedAll(items: readonly (ImageInput | Float32Array)[]): Promise<Float32Array[]> {
    const images = items.filter((x): x is ImageInput => !(x instanceof Float32Array));
    for (const x of images) {
      if (!isImageInput(x)) throw new StorefrontError('INVALID_INPUT', `Few-shot classifier: got ${show(x)}. Pass images or Float32Array embeddings.`);
    }
    if (images.length > 0 && !this.model) {
      throw new StorefrontError('INVALID_INPUT', 'Few-shot classifier: got an image but no model. Pass { model } to createFewShotClassifier(), or pass embeddings.');
    }
    const embedded = images.length > 0 ? await (this.model as ImageModel).embedBatch(images) : [];
    let j = 0;
    return items.map((x) => (x instanceof Float32Array
      ? l2Normalize(checkEmbedding(x, this.embeddingSize, 'Few-shot classifier'))
      : (embedded[j++] as Float32Array)));
  }

  async addExamples(label: string, examples: readonly (ImageInput | Float32Array)[]): Promise<void> {
    this.check();
    if (typeof label !== 'string' || label === '') throw new StorefrontError('INVALID_INPUT', `Few-shot classifier: label is ${show(label)}. Pass a non-empty string.`);
    if (!Array.isArray(examples) || examples.length === 0) throw new StorefrontError('INVALID_INPUT', `Few-shot classifier: no examples for "${label}". Pass an array of images or embeddings.`);
    const vectors = await this.embedAll(examples);
    this.check();
    for (const embedding of vectors) this.examples.push({ label, embedding });
  }

  removeLabel(label: string): boolean {
    this.check();
    const before = this.examples.length;
    this.examples = this.examples.filter((e) => e.label !== label);
    return this.examples.length < before;
  }

  async predict(query: ImageInput | Float32Array): Promise<FewShotPrediction> {
    this.check();
    if (this.examples.length === 0) throw new StorefrontError('NOT_FOUND', 'Few-shot classifier: no categories taught yet. Call addExamples() first.');
    const k = numberIn('k', this.k, 1, 1000, true);
    const threshold = numberIn('threshold', this.threshold, -1, 1);
    const [q] = await this.embedAll([query]);
    this.check();
    const scores = scoreCategories(this.examples, q as Float32Array, k);
    const best = scores[0] as LabelScore;
    return { label: best.score >= threshold ? best.label : null, score: best.score, scores };
  }

  toJSON(): FewShotFile {
    this.check();
    const m = this.model?.metadata;
    return {
      format: FEW_SHOT_FORMAT,
      model: m ? `${m.name}@${m.version}` : null,
      embeddingSize: this.embeddingSize,
      k: this.k,
      threshold: this.threshold,
      examples: this.examples.map((e) => ({ label: e.label, embedding: toBase64(e.embedding) })),
    };
  }

  export(): Blob {
    const file = this.toJSON();
    // The file's manifest: size and SHA-256 of its examples as written, checked on import (a flipped byte → INTEGRITY_MISMATCH).
    const integrity = manifestOf({ examples: JSON.stringify(file.examples) }).examples;
    return new Blob([JSON.stringify({ ...file, integrity })], { type: 'application/json' });
  }

  load(file: FewShotFile): void {
    this.examples = file.examples.map((e) => ({ label: e.label, embedding: fromBase64(e.embedding) }));
  }

  dispose(): void {
    this.disposed = true;
    this.examples = [];
  }
}

/** Creates an empty few-shot classifier. */
export async function createFewShotClassifier(options: FewShotOptions = {}): Promise<FewShotClassifier> {
  const size = options.model?.embeddingSize ?? options.embeddingSize;
  if (size === undefined) throw new StorefrontError('INVALID_OPTION', 'createFewShotClassifier: pass { model } or { embeddingSize }.');
  const k = numberIn('k', options.k ?? 3, 1, 1000, true);
  const threshold = numberIn('threshold', options.threshold ?? 0, -1, 1);
  return new KnnFewShotClassifier(numberIn('embeddingSize', size, 1, 65_536, true), options.model, k, threshold);
}

/**
 * Rebuilds a classifier from `export()`'s file: a Blob/File, its text, the parsed object, or a `URL` to fetch it from
 * (same origin unless `allowedOrigins` names it). The file is validated (INVALID_INPUT naming the field, and
 * INTEGRITY_MISMATCH when its examples do not match the checksum export() wrote). Pass the same model to predict
 * images; a model with another name or embedding size is refused (INVALID_OPTION).
 */
export async function importFewShotClassifier(file: Blob | string | FewShotFile | URL, options: ImportFewShotOptions = {}): Promise<FewShotClassifier> {
  let value: unknown = file;
  if (file instanceof URL) value = await fetchFewShotFile(file, options);
  else {
    try {
      if (file instanceof Blob) value = JSON.parse(await file.text());
      else if (typeof file === 'string') value = JSON.parse(file);
    } catch (error) {
      throw invalidFile('it is not JSON', 'format', error);
    }
  }
  const parsed = await parseFewShotFile(value);
  const { model } = options;
  const modelId = model ? `${model.metadata.name}@${model.metadata.version}` : null;
  if (model && (model.embeddingSize !== parsed.embeddingSize || (parsed.model && parsed.model !== modelId))) {
    throw new StorefrontError('INVALID_OPTION', `importFewShotClassifier: the file was taught with ${parsed.model ?? `${parsed.embeddingSize}-d embeddings`}, ` +
      `not ${modelId}. Pass the model it was taught with.`, { details: { field: 'embeddingSize', value: parsed.embeddingSize, model: modelId } });
  }
  const classifier = new KnnFewShotClassifier(parsed.embeddingSize, model, parsed.k, parsed.threshold);
  classifier.load(parsed);
  return classifier;
}

export { FEW_SHOT_FORMAT, parseFewShotFile, type FewShotFile, type ImportFewShotOptions };
