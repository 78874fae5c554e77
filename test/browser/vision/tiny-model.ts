/**
 * The tiny fixture CNN (test/fixtures/models/tiny-cnn: 16×16 input, 4-d embedding, 3 classes) as a vision model,
 * with a metadata.json made here from its files' real sizes and SHA-256, served from memory. Fast enough to load per
 * test; no real weights.
 */
import { loadImageModel, type ImageModel, type LoadImageModelOptions, type VisionModelMetadata } from '../../../src/vision/index.ts';
import { bytesAt, memoryFetch } from '../../helpers/model-files.ts';

const FOLDER = '/test/fixtures/models/tiny-cnn/';

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The tiny CNN's files (model.json, weights.bin), `change`d when given, with a metadata.json that matches them. */
export async function tinyFiles(change?: (files: Record<string, Uint8Array>) => void): Promise<Record<string, Uint8Array | string>> {
  const files: Record<string, Uint8Array> = {
    'model.json': await bytesAt(`${FOLDER}model.json`),
    'weights.bin': await bytesAt(`${FOLDER}weights.bin`),
  };
  change?.(files);
  const metadata: VisionModelMetadata = {
    format: 'storefront-ml/vision-model@1', name: 'tiny_cnn', version: '1', modelFormat: 'layers', modelFile: 'model.json',
    inputSize: 16, inputRange: [-1, 1], outputNode: 'probs', outputActivation: 'none', labelOffset: 0,
    labels: ['red', 'green', 'blue'], embeddingNode: 'embedding', embeddingSize: 4, files: {},
  };
  for (const [path, bytes] of Object.entries(files)) metadata.files[path] = { bytes: bytes.length, sha256: await sha256(bytes) };
  return { ...files, 'metadata.json': JSON.stringify(metadata) };
}

/** Loads the tiny CNN (or a `change`d copy) through loadImageModel, served from memory at /tiny-cnn/. */
export async function loadTinyModel(options: LoadImageModelOptions = {}, change?: (files: Record<string, Uint8Array>) => void): Promise<ImageModel> {
  const { fetch } = memoryFetch(await tinyFiles(change), '/tiny-cnn/');
  return loadImageModel('/tiny-cnn/', { fetch, ...options });
}

/** A solid-colour `side`×`side` image. */
export function solid(rgb: [number, number, number], side = 16): ImageData {
  const data = new Uint8ClampedArray(side * side * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return new ImageData(data, side, side);
}

/** A solid-colour PNG, decoded asynchronously (so a call on it is still in flight after it returns its promise). */
export async function solidPng(rgb: [number, number, number], side = 16): Promise<Blob> {
  const canvas = new OffscreenCanvas(side, side);
  const context = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
  context.putImageData(solid(rgb, side), 0, 0);
  return canvas.convertToBlob({ type: 'image/png' });
}
