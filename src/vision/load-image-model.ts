/**
 * `loadImageModel(url)`: fetches a MobileNet-family TF.js model described by a metadata.json, proves every file
 * against its SHA-256, builds the fastest executor, warms it up and returns a ready {@link ImageModel}.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError, isStorefrontError, throwIfAborted } from '../core/errors.ts';
import { guardDisposed } from '../core/lifecycle.ts';
import {
  checkFileOptions, fetchJson, fetchVerified, fetchVerifiedCached, resolveAllowed, type FetchProgress, type ModelFileOptions,
} from '../core/files/index.ts';
import { oneOf, show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { fusedLayersExecutor, graphExecutor, plainLayersExecutor, type Executor, type ModelArtifacts } from './executors.ts';
import { IMAGE_FITS, type ImageFit } from './fit.ts';
import { MobileNetModel, type ImageModel } from './image-model.ts';
import { parseMetadata, resolveIn, type VisionModelMetadata } from './metadata.ts';

const SUBJECT = 'Vision model';

export interface LoadImageModelOptions extends ModelFileOptions {
  /**
   * The model's metadata: a URL of its metadata.json, or the parsed object. Use it when metadata.json cannot sit
   * next to the weights (a read-only mirror, a CDN you do not control).
   * @default `${url}/metadata.json`
   */
  metadata?: string | VisionModelMetadata;
  /** Called as bytes arrive: `loaded` of `total` bytes over all files. @default undefined */
  onProgress?: (progress: FetchProgress) => void;
  /** How non-square images are made square: `crop` (centre square), `pad` (black borders) or `stretch`. @default 'crop' */
  fit?: ImageFit;
  /** Fold batch-norm into fused conv ops for layers models (same results, 2–4× faster on WASM). @default true */
  fuse?: boolean;
}

async function fetchMetadata(source: string | VisionModelMetadata | undefined, url: string, options: ModelFileOptions): Promise<VisionModelMetadata> {
  if (typeof source === 'object' && source !== null) return parseMetadata(source);
  const metaUrl = typeof source === 'string'
    ? resolveAllowed(source, options, SUBJECT, 'options.metadata')
    : resolveAllowed(resolveIn(url, 'metadata.json'), options, SUBJECT, 'metadata.json');
  return parseMetadata(await fetchJson(metaUrl, { subject: SUBJECT, signal: options.signal, fetch: options.fetch }));
}

/** Reads model.json and puts the manifest's shards together, checking it is the format the metadata promises. */
export function assembleArtifacts(metadata: VisionModelMetadata, files: Map<string, ArrayBuffer>): ModelArtifacts {
  const fail = (what: string, cause?: unknown): never => {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model ${metadata.name}: ${metadata.modelFile} ${what}.`, { cause });
  };
  let json: { modelTopology?: Record<string, unknown>; weightsManifest?: tf.io.WeightsManifestConfig; format?: string };
  try {
    json = JSON.parse(new TextDecoder().decode(files.get(metadata.modelFile)));
  } catch (error) {
    return fail('is not JSON. Serve the TF.js model.json', error);
  }
  const topology = json.modelTopology;
  if (!topology || !Array.isArray(json.weightsManifest)) return fail('has no modelTopology or weightsManifest. Serve a TF.js model.json');
  const isGraph = Array.isArray(topology.node);
  const isLayers = typeof topology.class_name === 'string' || typeof topology.model_config === 'object';
  if (metadata.modelFormat === 'graph' && !isGraph) return fail('is not a graph model (no GraphDef nodes), but metadata.modelFormat is "graph". Fix modelFormat');
  if (metadata.modelFormat === 'layers' && !isLayers) return fail('is not a Keras layers model, but metadata.modelFormat is "layers". Fix modelFormat');
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const parts: ArrayBuffer[] = [];
  const base = metadata.modelFile.includes('/') ? metadata.modelFile.slice(0, metadata.modelFile.lastIndexOf('/') + 1) : '';
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) {
      const bytes = files.get(base + p);
      if (!bytes) return fail(`names weight file ${show(base + p)} that metadata.json does not list. Regenerate metadata.json`);
      parts.push(bytes);
    }
  }
  const weightData = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
  let offset = 0;
  for (const p of parts) {
    weightData.set(new Uint8Array(p), offset);
    offset += p.byteLength;
  }
  const expected = weightBytes(weightSpecs);
  if (expected !== undefined && expected !== weightData.byteLength) {
    // Checked before any tensor exists: a short or padded shard would otherwise fail (or not) half-way through
    // building the model, after some of its weights were made.
    return fail(`describes ${expected} bytes of weights, but its weight files hold ${weightData.byteLength}. ` +
      'Serve the weight files that belong to this model.json (and regenerate metadata.json for them)');
  }
  return { modelTopology: topology, weightSpecs, weightData: weightData.buffer };
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, complex64: 8 };

/** The bytes a weights manifest describes (quantized weights at their stored width); undefined when it cannot tell. */
function weightBytes(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const width = BYTES[spec.quantization?.dtype ?? spec.dtype];
    if (width === undefined || !Array.isArray(spec.shape)) return undefined; // strings: variable length
    total += spec.shape.reduce((n, d) => n * d, 1) * width;
  }
  return total;
}

/**
 * Loads a MobileNet-family model (TF.js layers or graph format, float or uint8-quantized) from the folder `url`,
 * described by its metadata.json. Every file is checked against its size and SHA-256 (INTEGRITY_MISMATCH,
 * MODEL_LOAD_FAILED for a 404, truncated file or wrong format), then the model is warmed up.
 *
 * @example
 * const model = await loadImageModel('/models/mobilenet_v1_075/');
 * await model.classify(img); // [{ label: 'jean, blue jean, denim', score: 0.98 }, …]
 */
export async function loadImageModel(url: string, options: LoadImageModelOptions = {}): Promise<ImageModel> {
  if (typeof url !== 'string' || url === '') {
    throw new StorefrontError('INVALID_INPUT', `loadImageModel: url is ${show(url)}. Pass the URL of the folder holding model.json.`);
  }
  const fileOptions = checkFileOptions(options, SUBJECT); // first: it refuses null options before they are read
  const fit = oneOf('fit', options.fit ?? 'crop', IMAGE_FITS);
  const { signal, onProgress } = fileOptions;
  throwIfAborted(signal, 'Loading the vision model');
  // The folder itself must be allowed, and so must every file metadata.json names (checked before any download).
  const folder = resolveAllowed(url.endsWith('/') ? url : `${url}/`, fileOptions, SUBJECT, 'the model URL');
  await ensureRuntime();
  const metadata = await fetchMetadata(options.metadata, folder, fileOptions);
  const resolve = (path: string): string => resolveAllowed(resolveIn(folder, path), fileOptions, SUBJECT, `file "${path}" at`);
  for (const path of Object.keys(metadata.files)) resolve(path);
  const read = async (progress?: (p: FetchProgress) => void, abort?: AbortSignal): Promise<Map<string, ArrayBuffer>> => {
    const context = { subject: SUBJECT, signal: abort, onProgress: progress, fetch: fileOptions.fetch };
    return fileOptions.cache === 'indexeddb'
      ? (await fetchVerifiedCached(metadata.files, resolve, context)).files
      : await fetchVerified(metadata.files, resolve, context);
  };
  const files = await read(onProgress, signal);
  const artifacts = assembleArtifacts(metadata, files);
  let executor: Executor | null = null;
  try {
    if (metadata.modelFormat === 'graph') executor = await graphExecutor(artifacts, metadata);
    else {
      if (options.fuse !== false) executor = fusedLayersExecutor(artifacts, metadata);
      executor ??= await plainLayersExecutor(artifacts, metadata);
    }
    // toFiles() reads the files again (verified) rather than keeping a second copy of the weights alive.
    const model = new MobileNetModel(metadata, executor, fit, () => read());
    checkLabels(metadata, executor);
    await checkShapes(model);
    throwIfAborted(signal, 'Loading the vision model');
    return guardDisposed(model, `Vision model ${metadata.name}`, 'Load it again with loadImageModel().');
  } catch (error) {
    executor?.dispose();
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model ${metadata.name}: building it failed: ${describeError(error)}. ` +
      'Check that metadata.json names nodes that exist (embeddingNode, outputNode) and matches this model.', { cause: error });
  }
}

/** Warm-up on zeros, which also proves the metadata's sizes match what the model computes. */
async function checkShapes(model: MobileNetModel): Promise<void> {
  const { metadata } = model;
  const size = metadata.inputSize;
  const want = metadata.outputNode ? (['embedding', 'output'] as const) : (['embedding'] as const);
  const outputs = tf.tidy(() => model.run(tf.zeros([1, size, size, 3], 'int32'), want));
  let shapes: number[][];
  try {
    await Promise.all(outputs.map((t) => t.data())); // read back without blocking (a sync read stalls WebGPU)
    shapes = outputs.map((t) => t.shape);
  } finally {
    tf.dispose(outputs);
  }
  if (shapes[0]?.[1] !== metadata.embeddingSize) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model ${metadata.name}: ${metadata.embeddingNode} gives ${shapes[0]?.[1]} features ` +
      `but metadata.embeddingSize is ${metadata.embeddingSize}. Regenerate metadata.json.`, { details: { field: 'embeddingSize', value: metadata.embeddingSize } });
  }

}

/**
 * Labels are read by output index (labelOffset + i): more names than raw outputs would read past the output, fewer
 * would leave classes unnamed. Checked on the executor's raw output, before any post-processing slices it.
 */
function checkLabels(metadata: VisionModelMetadata, executor: Executor): void {
  if (!metadata.labels) return;
  const size = metadata.inputSize;
  const raw = tf.tidy(() => executor.run(tf.zeros([1, size, size, 3]) as tf.Tensor4D, ['output']));
  const outputs = raw[0] ? raw[0].size : undefined;
  tf.dispose(raw);
  if (outputs !== metadata.labelOffset + metadata.labels.length) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model ${metadata.name}: ${metadata.outputNode} gives ${outputs} scores but metadata.labels ` +
      `has ${metadata.labels.length} names after labelOffset ${metadata.labelOffset}. Regenerate metadata.json.`, {
      details: { field: 'labels', value: metadata.labels.length, outputs },
    });
  }
}
