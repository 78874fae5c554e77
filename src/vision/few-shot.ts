/**
 * Few-shot shop categories: teach labels from a handful of example images (or embeddings) with the trainer that
 * `createFewShotClassifier()` makes, predict with scores, say "none of these" under a threshold; `toFiles()` /
 * `save('indexeddb://name')` and `loadFewShotClassifier(source)` read back a classifier (which has no teaching
 * methods: to teach a saved one more, pass it as `createFewShotClassifier({ from })`). Plain Float32Arrays only.
 */
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { checkFileOptions, manifestOf } from '../core/files/index.ts';
import { guardDisposed, type LoadOptions, type ModelFiles } from '../core/lifecycle.ts';
import { numberIn, oneOf, optionsOf, show } from '../core/validate.ts';
import {
  FEW_SHOT_FORMAT, FEW_SHOT_HEADS, fetchFewShotFile, fromBase64, invalidFile, parseFewShotFile, toBase64, type FewShotAugment, type FewShotFile, type FewShotHead,
} from './few-shot-file.ts';
import { EMBED_AUGMENTS } from './augment.ts';
import { scoreCategories, type Example, type LabelScore } from './few-shot-knn.ts';
import { scoreSoftmax, trainSoftmaxHead, type SoftmaxHead } from './few-shot-softmax.ts';
import type { ImageModel } from './image-model.ts';
import { isImageInput, type ImageInput } from './preprocess.ts';
import { checkEmbedding, l2Normalize } from './vectors.ts';
import { withCategoryDb } from './category-db.ts';

export { FEW_SHOT_FORMAT, parseFewShotFile, type FewShotAugment, type FewShotFile, type FewShotHead };

/** Options of `createFewShotClassifier()`; `L` is the shop's category names. */
export interface FewShotOptions<L extends string = string> {
  /** Embeds example and query images. Without it, only embeddings are accepted. @default undefined */
  model?: ImageModel;
  /** Embedding length when no model is given. @default model.embeddingSize */
  embeddingSize?: number;
  /** Each category is scored by its `k` most similar examples (`head: 'knn'`). @default 3 */
  k?: number;
  /**
   * `knn`: a category's score is the mean cosine of its `k` most similar examples. `softmax`: a linear softmax head
   * trained on the examples (at the first prediction after teaching or loading; ~0.2 s per 240 examples on
   * WASM), scores are probabilities; better few-shot accuracy on photos of other products (docs/benchmarks.md).
   * @default 'knn'
   */
  head?: FewShotHead;
  /**
   * `crops`: an image query is embedded as the normalised mean of its input square and that square's five crops of
   * 87.5 % (`model.embed(image, { augment: 'crops' })`): six forward passes per image query. Examples are taught as
   * they are, and a query given as an embedding is used as it is. With `head: 'softmax'` it made 4 errors in 434
   * validation photos where one view made 6 (docs/benchmarks.md). @default 'none'
   */
  augment?: FewShotAugment;
  /** Best score below this → `label: null` ("none of these"): a cosine (knn) or a probability (softmax). 0 never says none. @default 0 */
  threshold?: number;
  /** Start from a saved classifier's examples (its `toJSON()` or a loaded classifier), to teach it more. */
  from?: FewShotFile | FewShotClassifier<L>;
}

/** Options of `loadFewShotClassifier()`: the shared loader options and the model to embed query images with. */
export interface LoadFewShotOptions extends LoadOptions {
  /** The image model the classifier was taught with; without it only embeddings can be predicted. */
  model?: ImageModel;
}

/** The file `toFiles()` writes. */
export const FEW_SHOT_FILE = 'few-shot.json';

/** A prediction: the best label, or null for "none of these", and every category's score (cosine, best first). */
export interface FewShotPrediction<L extends string = string> {
  label: L | null;
  score: number;
  scores: LabelScore<L>[];
}

/** What a classifier is, without its examples (`classifier.metadata`). */
export type FewShotMetadata = Omit<FewShotFile, 'examples'> & { labels: string[]; counts: Record<string, number> };

/**
 * A few-shot classifier, as `loadFewShotClassifier()` gives it: predicts, saves, but is not taught. `L` types its
 * category names (`createFewShotClassifier<'jeans' | 'watches'>()`); a loaded file's labels are not checked against it.
 */
export interface FewShotClassifier<L extends string = string> {
  readonly embeddingSize: number;
  /** The scoring rule: `knn` or `softmax` (see `FewShotOptions.head`). */
  readonly head: FewShotHead;
  /** How image queries are embedded: `none` or `crops` (see `FewShotOptions.augment`). */
  readonly augment: FewShotAugment;
  /** Categories taught so far, sorted. */
  readonly labels: L[];
  /** Number of examples per category. */
  readonly counts: Record<string, number>;
  /** Format, model, size, k, head, augment, threshold, labels and counts (a copy). */
  readonly metadata: FewShotMetadata;
  k: number;
  threshold: number;
  predict(query: ImageInput | Float32Array): Promise<FewShotPrediction<L>>;
  /** Saves to `indexeddb://<name>` (the category store); load it back with `loadFewShotClassifier('indexeddb://<name>')`. */
  save(target: string): Promise<void>;
  /** `{ 'few-shot.json': text }`, to host or download; load it back from its URL or text. */
  toFiles(): Promise<{ [FEW_SHOT_FILE]: string } & ModelFiles>;
  /** The same content as a plain object (what the category store saves). */
  toJSON(): FewShotFile;
  /** Drops the examples. Idempotent; any use afterwards throws DISPOSED. */
  dispose(): void;
}

/** The few-shot trainer `createFewShotClassifier()` gives: a classifier you teach by adding examples. */
export interface FewShotTrainer<L extends string = string> extends FewShotClassifier<L> {
  /** Teaches `label` from example images or embeddings. */
  addExamples(label: L, examples: readonly (ImageInput | Float32Array)[]): Promise<void>;
  /** Forgets a category; false when unknown. */
  removeLabel(label: L): boolean;
}

class KnnFewShotClassifier implements FewShotClassifier {
  protected disposed = false;
  protected examples: Example[] = [];
  /** The softmax head trained on the current examples (or training); dropped whenever they change. */
  protected trained: Promise<SoftmaxHead> | null = null;
  k: number;
  threshold: number;

  constructor(readonly embeddingSize: number, protected readonly model: ImageModel | undefined, k: number, threshold: number, readonly head: FewShotHead = 'knn', readonly augment: FewShotAugment = 'none') {
    this.k = k;
    this.threshold = threshold;
  }

  protected check(): void {
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

  protected async embedAll(given: readonly (ImageInput | Float32Array)[]): Promise<Float32Array[]> {
    // Array.from turns holes ([a, , b]) into undefined, which the checks refuse; filter and map would skip them.
    const items = Array.from(given);
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

  async predict(query: ImageInput | Float32Array): Promise<FewShotPrediction> {
    this.check();
    if (this.examples.length === 0) throw new StorefrontError('NOT_FOUND', 'Few-shot classifier: no categories taught yet. Call addExamples() first.');
    const k = numberIn('k', this.k, 1, 1000, true);
    const threshold = numberIn('threshold', this.threshold, -1, 1);
    // augment 'crops': an image query is embedded with its five crops; anything else (an embedding, a bad input, no
    // model) goes through embedAll, which checks it.
    const [q] = this.augment === 'crops' && isImageInput(query) && this.model
      ? [await this.model.embed(query, { augment: 'crops' })]
      : await this.embedAll([query]);
    this.check();
    let scores: LabelScore[];
    if (this.head === 'softmax') {
      const training = (this.trained ??= trainSoftmaxHead(this.examples));
      let trained: SoftmaxHead;
      try {
        trained = await training;
      } catch (error) {
        if (this.trained === training) this.trained = null; // the next prediction trains again
        throw error;
      }
      this.check();
      scores = scoreSoftmax(trained, q as Float32Array);
    } else scores = scoreCategories(this.examples, q as Float32Array, k);
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
      // Written only for softmax, so a kNN classifier's file stays what older versions wrote.
      ...(this.head === 'knn' ? {} : { head: this.head }),
      ...(this.augment === 'none' ? {} : { augment: this.augment }),
    };
  }

  get metadata(): FewShotMetadata {
    const { examples: _, ...rest } = this.toJSON();
    return { ...rest, labels: this.labels, counts: this.counts };
  }

  async save(target: string): Promise<void> {
    this.check();
    const name = storeName(target);
    if (name === null) throw new StorefrontError('INVALID_OPTION', `Few-shot classifier: cannot save to ${show(target)}. Use "indexeddb://<name>", or toFiles() to host it.`);
    await withCategoryDb((db) => db.put(name, this.toJSON()));
  }

  async toFiles(): Promise<{ [FEW_SHOT_FILE]: string }> {
    const file = this.toJSON();
    // The file's manifest: size and SHA-256 of its examples as written, checked on load (a flipped byte → INTEGRITY_MISMATCH).
    const integrity = manifestOf({ examples: JSON.stringify(file.examples) }).examples;
    return { [FEW_SHOT_FILE]: JSON.stringify({ ...file, integrity }) };
  }

  load(file: FewShotFile): void {
    this.examples = file.examples.map((e) => ({ label: e.label, embedding: fromBase64(e.embedding) }));
    this.trained = null;
  }

  dispose(): void {
    this.disposed = true;
    this.examples = [];
    this.trained = null;
  }
}

class KnnFewShotTrainer extends KnnFewShotClassifier implements FewShotTrainer {
  async addExamples(label: string, examples: readonly (ImageInput | Float32Array)[]): Promise<void> {
    this.check();
    if (typeof label !== 'string' || label === '') throw new StorefrontError('INVALID_INPUT', `Few-shot classifier: label is ${show(label)}. Pass a non-empty string.`);
    if (!Array.isArray(examples) || examples.length === 0) throw new StorefrontError('INVALID_INPUT', `Few-shot classifier: no examples for "${label}". Pass an array of images or embeddings.`);
    const vectors = await this.embedAll(examples);
    this.check();
    for (const embedding of vectors) this.examples.push({ label, embedding });
    this.trained = null;
  }

  removeLabel(label: string): boolean {
    this.check();
    const before = this.examples.length;
    this.examples = this.examples.filter((e) => e.label !== label);
    if (this.examples.length < before) this.trained = null;
    return this.examples.length < before;
  }
}

const guard = <T extends FewShotClassifier>(classifier: T): T =>
  guardDisposed(classifier, 'Few-shot classifier', 'Create or load a new one.');

/** The name inside `indexeddb://<name>`, or null for another target. */
function storeName(target: unknown): string | null {
  return typeof target === 'string' && /^indexeddb:\/\/.+/.test(target) ? target.slice('indexeddb://'.length) : null;
}

/** Creates a few-shot trainer: empty, or holding the examples of `options.from`; teach it with `addExamples()`. */
export async function createFewShotClassifier<L extends string = string>(createOptions?: FewShotOptions<L>): Promise<FewShotTrainer<L>> {
  const options = optionsOf('createFewShotClassifier', createOptions);
  if (options.from === null || (options.from !== undefined && typeof options.from !== 'object')) {
    throw new StorefrontError('INVALID_OPTION', `createFewShotClassifier: from is ${show(options.from)}. Pass a classifier, its toJSON() or a parsed few-shot.json.`, { details: { option: 'from' } });
  }
  const from = options.from === undefined ? undefined : await parseFewShotFile('toJSON' in options.from && typeof options.from.toJSON === 'function' ? options.from.toJSON() : options.from);
  // Options left out (undefined) take their default; null or any other value is checked, never read as "default".
  const given = <T>(value: T | undefined, fallback: T | undefined) => (value === undefined ? fallback : value);
  const size = options.model?.embeddingSize ?? given(options.embeddingSize, from?.embeddingSize);
  if (size === undefined) throw new StorefrontError('INVALID_OPTION', 'createFewShotClassifier: pass { model } or { embeddingSize }.');
  const k = numberIn('k', given(options.k, from?.k ?? 3), 1, 1000, true);
  const threshold = numberIn('threshold', given(options.threshold, from?.threshold ?? 0), -1, 1);
  const head = oneOf('head', given(options.head, from?.head ?? 'knn'), FEW_SHOT_HEADS);
  const augment = oneOf('augment', given(options.augment, from?.augment ?? 'none'), EMBED_AUGMENTS);
  const trainer = new KnnFewShotTrainer(numberIn('embeddingSize', size, 1, 65_536, true), options.model, k, threshold, head, augment);
  if (from) {
    checkModel(from, options.model, 'createFewShotClassifier');
    if (from.embeddingSize !== trainer.embeddingSize) throw new StorefrontError('INVALID_OPTION', `createFewShotClassifier: from has ${from.embeddingSize}-d embeddings, not ${trainer.embeddingSize}.`);
    trainer.load(from);
  }
  // One implementation for every L: labels are plain strings at run time, L only types the caller's view.
  return guard(trainer) as unknown as FewShotTrainer<L>;
}

function checkModel(parsed: FewShotFile, model: ImageModel | undefined, who: string): void {
  const modelId = model ? `${model.metadata.name}@${model.metadata.version}` : null;
  if (model && (model.embeddingSize !== parsed.embeddingSize || (parsed.model && parsed.model !== modelId))) {
    throw new StorefrontError('INVALID_OPTION', `${who}: the file was taught with ${parsed.model ?? `${parsed.embeddingSize}-d embeddings`}, ` +
      `not ${modelId}. Pass the model it was taught with.`, { details: { field: 'embeddingSize', value: parsed.embeddingSize, model: modelId } });
  }
}

/**
 * Loads a classifier written by `toFiles()` or `save()`: `indexeddb://<name>` (the category store), the URL of its
 * `few-shot.json`, a Blob/File, the JSON text, or the parsed object. Pass the same model to predict images; a model
 * with another name or embedding size is refused (INVALID_OPTION). The file is validated (INVALID_INPUT naming the
 * field, INTEGRITY_MISMATCH when its examples do not match the `integrity` toFiles() wrote). A URL comes through the
 * shared model-file layer: `signal`, `fetch`, `baseUrl`, and the same origin unless `allowedOrigins` names it.
 */
export async function loadFewShotClassifier<L extends string = string>(source: Blob | string | FewShotFile, options: LoadFewShotOptions = {}): Promise<FewShotClassifier<L>> {
  const { signal } = options;
  throwIfAborted(signal, 'Loading the few-shot classifier');
  const name = storeName(source);
  let value: unknown = source;
  if (name !== null) {
    value = await withCategoryDb((db) => db.get(name)); // the category store's database, parsed below like any file
  } else if (typeof source === 'string' && !source.trimStart().startsWith('{')) {
    // A URL: through the shared model-file layer (same origin unless allowedOrigins names it).
    try {
      value = await fetchFewShotFile(source, checkFileOptions(options, 'Few-shot classifier'));
    } catch (error) {
      throwIfAborted(signal, 'Loading the few-shot classifier');
      throw error;
    }
  } else {
    try {
      if (source instanceof Blob) value = JSON.parse(await source.text());
      else if (typeof source === 'string') value = JSON.parse(source);
    } catch (error) {
      throw invalidFile('it is not JSON', 'format', error);
    }
  }
  const parsed = await parseFewShotFile(value);
  checkModel(parsed, options.model, 'loadFewShotClassifier');
  const classifier = new KnnFewShotClassifier(parsed.embeddingSize, options.model, parsed.k, parsed.threshold, parsed.head ?? 'knn', parsed.augment ?? 'none');
  classifier.load(parsed);
  throwIfAborted(signal, 'Loading the few-shot classifier');
  return guard(classifier) as unknown as FewShotClassifier<L>;
}

