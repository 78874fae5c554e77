/**
 * The `metadata.json` that describes a MobileNet-family model: what the weights expect and how to check them.
 * Pure data and validation; runs in Node.
 */
import { StorefrontError } from '../core/errors.ts';
import type { ModelFile } from '../core/files/manifest.ts';
import { show } from '../core/validate.ts';

export const METADATA_FORMAT = 'storefront-ml/vision-model@1';

/** One file of a model (model.json or a weight shard), with what it must be: the shared manifest entry. */
export type VisionModelFile = ModelFile;

/** The contents of a model's `metadata.json` (written by `models/vision/write-metadata.mjs`). */
export interface VisionModelMetadata {
  /** Always `"storefront-ml/vision-model@1"`. */
  format: typeof METADATA_FORMAT;
  /** A short name, e.g. `"mobilenet_v1_075_224"`. */
  name: string;
  /** The model's version; change it when the weights change (cache entries are keyed by it). */
  version: string;
  /** TensorFlow.js format of `model.json`: a Keras layers model or a graph model. */
  modelFormat: 'layers' | 'graph';
  /** File name of the model JSON, relative to the model URL. */
  modelFile: string;
  /** Side of the square input image, in pixels (224 for these MobileNets). */
  inputSize: number;
  /** The range RGB values are scaled to: `[-1, 1]` for Keras MobileNets, `[0, 1]` for TF-Hub graph models. */
  inputRange: [number, number];
  /** Graph models: the input node. Layers models: ignored. */
  inputNode?: string;
  /** Layer (layers model) or node (graph model) giving class scores; `null` for an embedding-only backbone. */
  outputNode: string | null;
  /** `softmax` when the output node gives logits, `none` when it already gives probabilities. */
  outputActivation: 'softmax' | 'none';
  /** Output index of `labels[0]` (1 for TF-Hub models, whose index 0 is "background"). */
  labelOffset: number;
  /** Class names in output order, or `null` for an embedding-only backbone. */
  labels: string[] | null;
  /** Layer or node whose output, globally average-pooled and L2-normalised, is the embedding. */
  embeddingNode: string;
  /** Length of the embedding (the channels of `embeddingNode`). */
  embeddingSize: number;
  /** Every file the model needs, by path relative to the model URL. */
  files: Record<string, VisionModelFile>;
  /** Free text: where the weights come from, their licence. */
  source?: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

function bad(what: string, value: unknown, fix: string): never {
  throw new StorefrontError('MODEL_LOAD_FAILED', `Vision model metadata: ${what} is ${show(value)}. ${fix}`, {
    details: { field: what, value },
  });
}

/** Checks a parsed `metadata.json` and returns it typed; anything malformed throws MODEL_LOAD_FAILED. */
export function parseMetadata(value: unknown): VisionModelMetadata {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    bad('the document', value, 'Expected a JSON object written by models/vision/write-metadata.mjs.');
  }
  const m = value as Record<string, unknown>;
  if (m.format !== METADATA_FORMAT) bad('format', m.format, `Expected "${METADATA_FORMAT}".`);
  for (const key of ['name', 'version', 'modelFile', 'embeddingNode'] as const) {
    if (typeof m[key] !== 'string' || m[key] === '') bad(key, m[key], 'Expected a non-empty string.');
  }
  if (m.modelFormat !== 'layers' && m.modelFormat !== 'graph') bad('modelFormat', m.modelFormat, 'Expected "layers" or "graph".');
  if (!Number.isInteger(m.inputSize) || (m.inputSize as number) < 8 || (m.inputSize as number) > 1024) {
    bad('inputSize', m.inputSize, 'Expected an integer from 8 to 1024.');
  }
  const range = m.inputRange;
  if (!Array.isArray(range) || range.length !== 2 || !range.every((v) => typeof v === 'number' && Number.isFinite(v)) ||
    (range[0] as number) >= (range[1] as number)) {
    bad('inputRange', range, 'Expected [low, high] with low < high, e.g. [-1, 1].');
  }
  if (m.outputNode !== null && (typeof m.outputNode !== 'string' || m.outputNode === '')) {
    bad('outputNode', m.outputNode, 'Expected a layer/node name, or null for an embedding-only model.');
  }
  if (m.outputActivation !== 'softmax' && m.outputActivation !== 'none') {
    bad('outputActivation', m.outputActivation, 'Expected "softmax" or "none".');
  }
  if (!Number.isInteger(m.labelOffset) || (m.labelOffset as number) < 0) bad('labelOffset', m.labelOffset, 'Expected an integer ≥ 0.');
  if (m.labels !== null && (!Array.isArray(m.labels) || m.labels.length === 0 || !m.labels.every((l) => typeof l === 'string'))) {
    bad('labels', m.labels, 'Expected an array of class names, or null for an embedding-only model.');
  }
  if ((m.labels === null) !== (m.outputNode === null)) {
    bad('labels', m.labels, 'labels and outputNode must both be set (a classifier) or both be null (a backbone).');
  }
  if (!Number.isInteger(m.embeddingSize) || (m.embeddingSize as number) < 1) bad('embeddingSize', m.embeddingSize, 'Expected a positive integer.');
  if (typeof m.files !== 'object' || m.files === null) bad('files', m.files, 'Expected { "<path>": { "bytes", "sha256" } }.');
  const files = m.files as Record<string, unknown>;
  for (const [path, f] of Object.entries(files)) {
    const file = f as Partial<VisionModelFile> | null;
    if (!file || !Number.isInteger(file.bytes) || typeof file.sha256 !== 'string' || !HEX64.test(file.sha256)) {
      bad(`files["${path}"]`, f, 'Expected { "bytes": <integer>, "sha256": "<64 lower-case hex digits>" }.');
    }
  }
  if (!(m.modelFile as string in files)) bad('files', Object.keys(files), `It must list the model file "${m.modelFile as string}".`);
  return m as unknown as VisionModelMetadata;
}

/** Resolves `path` against a folder URL, adding the trailing slash the folder needs. */
export function resolveIn(folder: string, path: string): string {
  const base = folder.endsWith('/') ? folder : `${folder}/`;
  const origin = (globalThis as { location?: { href: string } }).location?.href ?? 'http://localhost/';
  return new URL(path, new URL(base, origin)).href;
}
