/**
 * The public models `storefront-ml models pull` can fetch: where the TensorFlow.js model storage the peer packages
 * use serves them, and our committed metadata.json that pins every file's size and SHA-256.
 * - The Keras MobileNet v1 layers exports live at storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_<α>_224/
 *   (the per-layer sharded layout of tfjs-examples and ml5; see the data directory's SOURCE.md).
 * - The TF-Hub graph model is what @tensorflow-models/mobilenet 2.1.1 loads for version 1, alpha 0.25
 *   (`https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1`, files fetched with `?tfjs-format=file`).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StorefrontError } from '../core/errors.ts';
import { parseManifest, type FileManifest } from '../core/files/index.ts';

export interface CatalogModel {
  name: string;
  /** One line for `models pull --help` and `models list`. */
  description: string;
  /** Our pinned metadata.json, relative to the package root. */
  metadata: string;
  /** Folder URL (ending in "/") of the public files. */
  baseUrl: string;
  /** Appended to each public file URL (TF-Hub's `?tfjs-format=file`); not used with --base-url. */
  query?: string;
}

export const CATALOG: readonly CatalogModel[] = [
  {
    name: 'mobilenet_v1_025_layers',
    description: 'MobileNet v1 α0.25 224, ImageNet, TF.js layers model (1.9 MB): the default product-photo embedder.',
    metadata: 'models/vision/mobilenet_v1_025_layers/metadata.json',
    baseUrl: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.25_224/',
  },
  {
    name: 'mobilenet_v1_075_layers',
    description: 'MobileNet v1 α0.75 224, ImageNet, TF.js layers model (10.5 MB): better embeddings, slower.',
    metadata: 'models/vision/mobilenet_v1_075_layers/metadata.json',
    baseUrl: 'https://storage.googleapis.com/tfjs-models/tfjs/mobilenet_v1_0.75_224/',
  },
  {
    name: 'mobilenet_v1_025_graph',
    description: 'MobileNet v1 α0.25 224, ImageNet, TF-Hub graph model (1.9 MB), as @tensorflow-models/mobilenet loads it.',
    metadata: 'models/vision/mobilenet_v1_025_graph/metadata.json',
    baseUrl: 'https://tfhub.dev/google/imagenet/mobilenet_v1_025_224/classification/1/',
    query: '?tfjs-format=file',
  },
];

/** The package root (two levels above src/cli/ or dist/cli/). */
export function packagePath(rel: string): string {
  return fileURLToPath(new URL(`../../${rel}`, import.meta.url));
}

export interface PinnedMetadata {
  /** The metadata.json text, written beside the files so the folder loads as it is. */
  text: string;
  files: FileManifest;
}

/** Reads a metadata.json with a `files` manifest (ours, or one given with --metadata). */
export function readPinnedMetadata(file: string, where: string): PinnedMetadata {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (cause) {
    throw new StorefrontError('NOT_FOUND', `${where}: cannot read ${file}. Reinstall storefront-ml, or check the --metadata path.`, { cause });
  }
  let json: { files?: unknown };
  try {
    json = JSON.parse(text) as { files?: unknown };
  } catch (cause) {
    throw new StorefrontError('INVALID_INPUT', `${where}: ${file} is not JSON. Pass a metadata.json with a "files" manifest.`, { cause });
  }
  let files: FileManifest;
  try {
    files = parseManifest(json.files, 'models pull', file);
  } catch (cause) {
    throw new StorefrontError('INVALID_INPUT', `${where}: ${file} has no valid "files" manifest ({ "<path>": { "bytes", "sha256" } }).`, { cause });
  }
  if (Object.keys(files).length === 0) throw new StorefrontError('INVALID_INPUT', `${where}: ${file} lists no files.`);
  return { text, files };
}
