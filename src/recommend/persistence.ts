/**
 * Saving and loading recommenders: `indexeddb://<name>` through TensorFlow.js's IndexedDB handler, and a folder
 * URL (e.g. `models/recommend/beauty/`) holding `metadata.json` + `weights.bin`. Item embeddings trained elsewhere
 * load from the SFEM exchange format (embedding-format.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import { StorefrontError, isStorefrontError } from '../core/errors.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { fromEmbeddings, type FromEmbeddingsOptions } from './create.ts';
import { decodeEmbeddings } from './embedding-format.ts';
import { RecommenderImpl, type Recommender } from './recommender.ts';
import { namedArrays, packArrays, unpackArrays, type RecommenderState } from './state.ts';

const FORMAT = 'storefront-ml/recommender';

/** What `metadata.json` of a saved recommender holds. */
export interface RecommenderMetadata {
  format: typeof FORMAT;
  version: 1;
  dim: number;
  window: number;
  modelWeight: number;
  productIds: string[];
  attributes: (string[] | null)[];
  weightSpecs: { name: string; dtype: 'float32' | 'int32'; shape: number[] }[];
  /** The weights file beside metadata.json. */
  weights: string;
  /** Provenance: when and how it was trained, metrics… */
  info: Record<string, unknown>;
}

/** The files of a saved recommender: `metadata.json` (text) and `weights.bin`. */
export function exportRecommender(recommender: Recommender): { metadata: RecommenderMetadata; weights: ArrayBuffer } {
  const s = recommender.state();
  const { specs, data } = packArrays(namedArrays(s));
  return {
    metadata: {
      format: FORMAT, version: 1, dim: s.dim, window: s.window, modelWeight: s.modelWeight, productIds: s.ids,
      attributes: s.attributes.map((a) => a ?? null), weightSpecs: specs, weights: 'weights.bin', info: s.metadata,
    },
    weights: data,
  };
}

function stateFrom(meta: RecommenderMetadata, weights: ArrayBuffer): RecommenderState {
  if (meta.format !== FORMAT || meta.version !== 1) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: metadata format ${JSON.stringify(meta.format)} v${meta.version} is not ${FORMAT} v1. Save it with saveRecommender().`);
  }
  const a = unpackArrays(meta.weightSpecs, weights);
  const f = (name: string) => {
    const v = a.get(name);
    if (!(v instanceof Float32Array)) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: weights lack "${name}". Re-save the model.`);
    return v;
  };
  const rowStart = a.get('similarity_row_start');
  const n = meta.productIds.length;
  return {
    ids: meta.productIds, dim: meta.dim, window: meta.window, modelWeight: meta.modelWeight,
    input: f('input'), position: f('position'), dense: f('dense'), denseBias: f('dense_bias'), items: f('items'), bias: f('bias'),
    popularity: f('popularity'),
    similarity: rowStart instanceof Int32Array
      ? { numItems: n, rowStart, neighbours: a.get('similarity_neighbours') as Int32Array, values: f('similarity_values') }
      : null,
    attributes: meta.attributes.map((x) => x ?? undefined), metadata: meta.info,
  };
}

/** Saves to `indexeddb://<name>` (the only storage scheme; for files use exportRecommender()). */
export async function saveRecommender(recommender: Recommender, url: string): Promise<void> {
  if (!url.startsWith('indexeddb://')) {
    throw new StorefrontError('INVALID_INPUT', `Recommender: cannot save to ${JSON.stringify(url)}. Use an "indexeddb://<name>" URL, or exportRecommender() for files.`);
  }
  const { metadata, weights } = exportRecommender(recommender);
  const [handler] = tf.io.getSaveHandlers(url);
  if (!handler?.save) throw new StorefrontError('STORAGE_UNAVAILABLE', 'Recommender: IndexedDB is not available here. Use exportRecommender() and keep the files yourself.');
  try {
    await handler.save({ modelTopology: {}, weightSpecs: metadata.weightSpecs, weightData: weights, userDefinedMetadata: { recommender: { ...metadata, weightSpecs: [] } as unknown as object } });
    await rememberSavedModel(url); // so eraseAllData() finds it in tfjs's shared database
  } catch (cause) {
    const quota = (cause as { name?: string }).name === 'QuotaExceededError';
    throw new StorefrontError(quota ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `Recommender: saving to ${url} failed. ${quota ? 'Free storage or save a smaller model.' : 'Check that IndexedDB works on this page.'}`, { cause });
  }
}

/**
 * Loads a recommender from `indexeddb://<name>` or from a folder URL holding `metadata.json` and its weights file
 * (a URL ending in `metadata.json` works too).
 */
export async function loadRecommender(url: string): Promise<Recommender> {
  await ensureRuntime();
  try {
    if (url.startsWith('indexeddb://')) {
      const [handler] = tf.io.getLoadHandlers(url);
      if (!handler?.load) throw new StorefrontError('STORAGE_UNAVAILABLE', 'Recommender: IndexedDB is not available here.');
      const artifacts = await handler.load();
      const meta = (artifacts.userDefinedMetadata as { recommender?: RecommenderMetadata } | undefined)?.recommender;
      if (!meta || !artifacts.weightData || !artifacts.weightSpecs) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${url} is not a saved recommender. Save one with saveRecommender().`);
      const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      return new RecommenderImpl(stateFrom({ ...meta, weightSpecs: artifacts.weightSpecs as RecommenderMetadata['weightSpecs'] }, data));
    }
    const metaUrl = url.endsWith('metadata.json') ? url : `${url.replace(/\/?$/, '/')}metadata.json`;
    const metaResponse = await fetch(metaUrl);
    if (!metaResponse.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${metaUrl} answered HTTP ${metaResponse.status}. Check the model URL.`);
    const meta = (await metaResponse.json()) as RecommenderMetadata;
    const weightsUrl = new URL(meta.weights ?? 'weights.bin', new URL(metaUrl, globalThis.location?.href)).href;
    const weightsResponse = await fetch(weightsUrl);
    if (!weightsResponse.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${weightsUrl} answered HTTP ${weightsResponse.status}. Serve the weights file beside metadata.json.`);
    return new RecommenderImpl(stateFrom(meta, await weightsResponse.arrayBuffer()));
  } catch (error) {
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: loading ${url} failed. Check the URL or the saved name.`, { cause: error });
  }
}

/** Loads item embeddings in the SFEM exchange format from a URL or bytes and makes a recommender of them. */
export async function loadEmbeddings(source: string | ArrayBuffer, options: FromEmbeddingsOptions = {}): Promise<Recommender> {
  let bytes: ArrayBuffer;
  if (typeof source === 'string') {
    let response: Response;
    try {
      response = await fetch(source);
    } catch (cause) {
      throw new StorefrontError('MODEL_LOAD_FAILED', `Embeddings: fetching ${source} failed. Check the URL.`, { cause });
    }
    if (!response.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Embeddings: ${source} answered HTTP ${response.status}. Check the URL.`);
    bytes = await response.arrayBuffer();
  } else {
    bytes = source;
  }
  return fromEmbeddings(decodeEmbeddings(bytes), options);
}
