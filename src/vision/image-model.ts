/**
 * The loaded MobileNet: classify and embed images. The class stays private; `loadImageModel` returns the
 * {@link ImageModel} interface (the tfjs-models pattern). No tensor leaves it: results are plain objects and
 * Float32Arrays.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelFiles } from '../core/lifecycle.ts';
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { functionOption, numberIn, oneOf } from '../core/validate.ts';
import type { Executor, Want } from './executors.ts';
import type { ImageFit } from './fit.ts';
import type { VisionModelMetadata } from './metadata.ts';
import { toPixels, type ImageInput } from './preprocess.ts';
import { topKIndices } from '../core/top-k.ts';
import { l2Normalize } from './vectors.ts';
import { EMBED_AUGMENTS, type EmbedAugment } from './augment.ts';

/** One class and its probability. */
export interface ImageLabel {
  label: string;
  score: number;
}

export interface ClassifyOptions {
  /** How many labels to return, best first. @default 5 */
  topK?: number;
}

export interface EmbedOptions {
  /**
   * `crops`: the image is also embedded as the five crops of 87.5 % of its input square (the four corners and the
   * centre, each resized back to the input size), in one batch of six, and the normalised mean of the six unit
   * embeddings is returned: six forward passes instead of one (docs/benchmarks.md, "Product vision"). @default 'none'
   */
  augment?: EmbedAugment;
}

/** The part of the input square each crop of `augment: 'crops'` keeps. */
export const CROP_SHARE = 0.875;

export interface EmbedBatchOptions {
  /** Images run through the model at once (larger is faster per image, up to memory). @default 16 */
  batchSize?: number;
  /** Called after each batch with images done and total. @default undefined */
  onProgress?: (done: number, total: number) => void;
  /** Stops between batches with ABORTED. @default undefined */
  signal?: AbortSignal;
}

/** A loaded MobileNet-family model. Create with `loadImageModel`; release with `dispose()`. */
export interface ImageModel {
  /** The model's metadata.json (name, version, input size and range, labels…). */
  readonly metadata: Readonly<VisionModelMetadata>;
  /** Length of the vectors `embed()` returns. */
  readonly embeddingSize: number;
  /** Class names `classify()` can return, or null for an embedding-only backbone. */
  readonly labels: readonly string[] | null;
  /** True when the layers were fused for speed (batch-norm folded) or the graph came fused. */
  readonly fused: boolean;
  /** How non-square images are made square (see README, "Product vision"). */
  readonly fit: ImageFit;
  /** The `topK` most probable labels, best first. Throws NOT_FOUND for an embedding-only model. */
  classify(image: ImageInput, options?: ClassifyOptions): Promise<ImageLabel[]>;
  /**
   * The image's embedding: globally average-pooled features, L2-normalised (cosine similarity = dot product); with
   * `{ augment: 'crops' }` the normalised mean over the input square and its five crops.
   */
  embed(image: ImageInput, options?: EmbedOptions): Promise<Float32Array>;
  /** Embeddings of many images, in order, run in batches for throughput. */
  embedBatch(images: readonly ImageInput[], options?: EmbedBatchOptions): Promise<Float32Array[]>;
  /**
   * Not supported for image models: they are shipped weights, not trained here. Throws INVALID_OPTION; to keep
   * them on the device, load with `{ cache: 'indexeddb' }`.
   */
  save(target: string): Promise<void>;
  /**
   * The hosted folder's files (`metadata.json`, the model JSON, the weight shards), read again from where they
   * were loaded (or the cache) and proved against metadata.json's SHA-256, so the bytes are the loaded ones without
   * holding a second copy of the weights in memory.
   */
  toFiles(): Promise<ModelFiles>;
  /** Frees the weights. Idempotent; any use afterwards throws DISPOSED. */
  dispose(): void;
}

export class MobileNetModel implements ImageModel {
  private disposed = false;

  constructor(
    readonly metadata: Readonly<VisionModelMetadata>,
    private readonly executor: Executor,
    readonly fit: ImageFit,
    private readonly reread: () => Promise<Map<string, ArrayBuffer>>,
  ) {}

  async save(target: string): Promise<void> {
    this.check();
    throw new StorefrontError('INVALID_OPTION', `Vision model ${this.metadata.name}: cannot save to ${JSON.stringify(target)}; image models are not trained on the device. ` +
      "Load it with { cache: 'indexeddb' } to keep its verified files in IndexedDB, or host toFiles().");
  }

  async toFiles(): Promise<ModelFiles> {
    this.check();
    const files = await this.reread();
    const out: ModelFiles = { 'metadata.json': `${JSON.stringify(this.metadata, null, 2)}\n` };
    for (const [path, bytes] of files) out[path] = path.endsWith('.json') ? new TextDecoder().decode(bytes) : new Uint8Array(bytes);
    return out;
  }

  get embeddingSize(): number {
    return this.metadata.embeddingSize;
  }

  get labels(): readonly string[] | null {
    return this.metadata.labels;
  }

  get fused(): boolean {
    return this.executor.fused;
  }

  private check(): void {
    if (this.disposed) {
      throw new StorefrontError('DISPOSED', `Vision model ${this.metadata.name}: it was disposed. Load it again with loadImageModel().`);
    }
  }

  /** Runs the model on pixel tensors [b, s, s, 3] (int32 0–255) and returns the wanted results, post-processed. */
  run(pixels: tf.Tensor4D, want: readonly Want[]): tf.Tensor2D[] {
    const { inputRange: [lo, hi], labelOffset, labels, outputActivation } = this.metadata;
    return tf.tidy(() => {
      // One op fewer for [0, 1] models (the TF-Hub graphs): adding 0 would be a full pass over the pixels.
      const scaled = tf.mul(tf.cast(pixels, 'float32'), (hi - lo) / 255);
      const x = (lo === 0 ? scaled : tf.add(scaled, lo)) as tf.Tensor4D;
      const raw = this.executor.run(x, want);
      return want.map((w, i) => {
        const t = raw[i] as tf.Tensor;
        const batch = t.shape[0] as number;
        if (w === 'embedding') {
          const pooled = t.rank === 4 ? tf.mean(t, [1, 2]) : tf.reshape(t, [batch, -1]);
          const norm = tf.maximum(tf.norm(pooled, 'euclidean', 1, true), 1e-12);
          return tf.div(pooled, norm) as tf.Tensor2D;
        }
        const flat = tf.reshape(t, [batch, -1]) as tf.Tensor2D;
        const sliced = tf.slice(flat, [0, labelOffset], [batch, (labels as string[]).length]);
        return (outputActivation === 'softmax' ? tf.softmax(sliced) : sliced) as tf.Tensor2D;
      });
    });
  }

  /** Runs one node on `pixels` and reads it back; frees the pixels and the output whatever happens. */
  private async read(pixels: tf.Tensor4D, node: Want): Promise<Float32Array> {
    try {
      this.check(); // disposed while the images decoded: the pixels are freed below all the same
      const [out] = this.run(pixels, [node]) as [tf.Tensor2D];
      try {
        return (await out.data()) as Float32Array;
      } finally {
        out.dispose();
      }
    } finally {
      pixels.dispose();
    }
  }

  private async pixelsOf(images: readonly ImageInput[]): Promise<tf.Tensor4D> {
    const size = this.metadata.inputSize;
    const list: tf.Tensor3D[] = [];
    try {
      for (const image of images) list.push(await toPixels(image, size, this.fit));
      return (list.length === 1 ? tf.expandDims(list[0] as tf.Tensor3D, 0) : tf.stack(list)) as tf.Tensor4D;
    } finally {
      tf.dispose(list);
    }
  }

  async classify(image: ImageInput, options: ClassifyOptions = {}): Promise<ImageLabel[]> {
    this.check();
    const labels = this.metadata.labels;
    if (!labels) {
      throw new StorefrontError('NOT_FOUND', `Vision model ${this.metadata.name}: it has no classification head (metadata.labels is null). ` +
        'Use embed(), or load a model whose metadata.json lists labels.');
    }
    // The default asks for 5 but never more than the model has (a 3-class model classifies without options).
    const topK = numberIn('topK', options.topK === undefined ? Math.min(5, labels.length) : options.topK, 1, labels.length, true);
    const probs = await this.read(await this.pixelsOf([image]), 'output');
    const order = topKIndices(probs, topK); // a bounded heap, not a sort of all 1,000 classes
    return order.map((i) => ({ label: labels[i] as string, score: probs[i] as number }));
  }

  async embed(image: ImageInput, options: EmbedOptions = {}): Promise<Float32Array> {
    this.check();
    const augment = oneOf('augment', options?.augment === undefined ? 'none' : options.augment, EMBED_AUGMENTS);
    if (augment === 'none') {
      const [vector] = await this.embedBatch([image], { batchSize: 1 });
      return vector as Float32Array;
    }
    const pixels = await this.pixelsOf([image]);
    let views: tf.Tensor4D;
    try {
      views = cropViews(pixels);
    } finally {
      pixels.dispose();
    }
    const data = await this.read(views, 'embedding'); // frees the views
    const d = this.metadata.embeddingSize;
    const sum = new Float32Array(d);
    for (let v = 0; v * d < data.length; v++) for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) + (data[v * d + j] as number);
    return l2Normalize(sum); // the mean's direction
  }

  async embedBatch(images: readonly ImageInput[], options: EmbedBatchOptions = {}): Promise<Float32Array[]> {
    this.check();
    if (!Array.isArray(images)) throw new StorefrontError('INVALID_INPUT', 'embedBatch: images must be an array. Wrap a single image as [image].');
    const batchSize = numberIn('batchSize', options.batchSize === undefined ? 16 : options.batchSize, 1, 256, true);
    functionOption('onProgress', options.onProgress);
    const d = this.metadata.embeddingSize;
    const out: Float32Array[] = [];
    for (let start = 0; start < images.length; start += batchSize) {
      throwIfAborted(options.signal, 'embedBatch');
      const data = await this.read(await this.pixelsOf(images.slice(start, start + batchSize)), 'embedding');
      for (let i = 0; i * d < data.length; i++) out.push(data.slice(i * d, (i + 1) * d));
      options.onProgress?.(out.length, images.length);
    }
    return out;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.executor.dispose();
  }
}

/**
 * The input square [1, s, s, 3] and its five crops of {@link CROP_SHARE} (corners, centre), each resized back to
 * s × s (bilinear): [6, s, s, 3] float32 pixels, 0–255. The caller disposes both.
 */
export function cropViews(pixels: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => {
    const image = tf.cast(pixels, 'float32') as tf.Tensor4D;
    const size = image.shape[1] as number;
    // cropAndResize maps box coordinate 1 to pixel size − 1: a crop of `w` pixels starting at `x` is [x, x + w − 1] / (size − 1).
    const w = Math.round(size * CROP_SHARE);
    const box = (x: number, y: number) => [y / (size - 1), x / (size - 1), (y + w - 1) / (size - 1), (x + w - 1) / (size - 1)];
    const [lo, mid, hi] = [0, Math.round((size - w) / 2), size - w];
    const boxes = [box(lo, lo), box(hi, lo), box(lo, hi), box(hi, hi), box(mid, mid)];
    const crops = tf.image.cropAndResize(image, boxes, boxes.map(() => 0), [size, size], 'bilinear');
    return tf.concat([image, crops], 0) as tf.Tensor4D;
  });
}
