/**
 * Saving and loading recommenders: `indexeddb://<name>` through TensorFlow.js's IndexedDB handler, and a folder
 * URL (e.g. `models/recommend/beauty/`) holding `metadata.json` + `weights.bin`. Item embeddings trained elsewhere
 * load from the SFEM exchange format (embedding-format.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, isStorefrontError, throwIfAborted } from '../core/errors.ts';
import { fetchOf, type LoadOptions } from '../core/lifecycle.ts';
import { show } from '../core/validate.ts';
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { embeddingsRecommender, type EmbeddingsOptions } from './create.ts';
import { decodeEmbeddings, type ItemEmbeddings } from './embedding-format.ts';
import { RecommenderImpl, guardedRecommender, type Recommender } from './recommender.ts';
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

/** What `metadata.json` of `s` holds (shares arrays with `s`: copy before handing it out). */
export function metadataOf(s: RecommenderState): RecommenderMetadata {
  return {
    format: FORMAT, version: 1, dim: s.dim, window: s.window, modelWeight: s.modelWeight, productIds: s.ids,
    attributes: s.attributes.map((a) => a ?? null), weightSpecs: namedArrays(s).map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    weights: 'weights.bin', info: s.metadata,
  };
}

/** The files of a saved recommender: `metadata.json` (text) and `weights.bin`. Used by `recommender.toFiles()`. */
export function recommenderFiles(s: RecommenderState): { metadata: RecommenderMetadata; weights: ArrayBuffer } {
  const { specs, data } = packArrays(namedArrays(s));
  return { metadata: { ...metadataOf(s), weightSpecs: specs }, weights: data };
}

function stateFrom(meta: RecommenderMetadata, weights: ArrayBuffer): RecommenderState {
  if (meta.format !== FORMAT || meta.version !== 1) {
    throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: metadata format ${JSON.stringify(meta.format)} v${meta.version} is not ${FORMAT} v1. Save it with recommender.save().`);
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

/** Saves to `indexeddb://<name>` (the only storage scheme; for files use toFiles()). Used by `recommender.save()`. */
export async function saveRecommenderState(state: RecommenderState, url: string): Promise<void> {
  if (typeof url !== 'string' || !url.startsWith('indexeddb://')) {
    throw new StorefrontError('INVALID_INPUT', `Recommender: cannot save to ${JSON.stringify(url)}. Use an "indexeddb://<name>" URL, or toFiles() for files.`);
  }
  const { metadata, weights } = recommenderFiles(state);
  const [handler] = tf.io.getSaveHandlers(url);
  if (!handler?.save) throw new StorefrontError('STORAGE_UNAVAILABLE', 'Recommender: IndexedDB is not available here. Use toFiles() and keep the files yourself.');
  try {
    await handler.save({ modelTopology: {}, weightSpecs: metadata.weightSpecs, weightData: weights, userDefinedMetadata: { recommender: { ...metadata, weightSpecs: [] } as unknown as object } });
    await rememberSavedModel(url); // so eraseAllData() finds it in tfjs's shared database
  } catch (cause) {
    const quota = (cause as { name?: string }).name === 'QuotaExceededError';
    throw new StorefrontError(quota ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `Recommender: saving to ${url} failed. ${quota ? 'Free storage or save a smaller model.' : 'Check that IndexedDB works on this page.'}`, { cause });
  }
}

/** Item embeddings trained elsewhere as a source of `loadRecommender`: SFEM bytes, their URL, or decoded. */
export interface EmbeddingsSource extends EmbeddingsOptions {
  embeddings: string | ArrayBuffer | ItemEmbeddings;
}

/** Options of `loadRecommender()`: the shared loader options. */
export type LoadRecommenderOptions = LoadOptions;

/**
 * Loads a recommender from `indexeddb://<name>`, from a folder URL holding `metadata.json` and its weights file
 * (a URL ending in `metadata.json` works too; what `recommender.toFiles()` writes), or from item embeddings trained
 * elsewhere: `loadRecommender({ embeddings: url | ArrayBuffer | ItemEmbeddings, decay, window, popularity })`.
 * Takes `signal` and `fetch`/`baseUrl` for URLs; `onProgress` and `cache` wait for the shared file layer.
 */
export async function loadRecommender(source: string | EmbeddingsSource, options: LoadRecommenderOptions = {}): Promise<Recommender> {
  throwIfAborted(options.signal, 'Loading the recommender');
  let recommender: Recommender;
  try {
    if (typeof source === 'string' && source !== '') recommender = await loadSaved(source, options);
    else if (typeof source === 'object' && source !== null && 'embeddings' in source) recommender = await loadEmbeddings(source, options);
    else throw new StorefrontError('INVALID_INPUT', `Recommender: cannot load from ${show(source)}. Pass "indexeddb://<name>", a folder URL, or { embeddings }.`);
  } catch (error) {
    // A fetch aborted by the signal fails as a network error: report the abort, not a broken model.
    throwIfAborted(options.signal, 'Loading the recommender');
    throw error;
  }
  if (options.signal?.aborted) {
    recommender.dispose();
    throwIfAborted(options.signal, 'Loading the recommender');
  }
  return recommender;
}

function resolved(url: string, options: LoadOptions): string {
  return new URL(url, options.baseUrl ?? globalThis.location?.href).href;
}

async function loadSaved(url: string, options: LoadOptions): Promise<Recommender> {
  const fetch = (input: string) => fetchOf(options)(resolved(input, options), { signal: options.signal });
  await ensureRuntime();
  try {
    if (url.startsWith('indexeddb://')) {
      const [handler] = tf.io.getLoadHandlers(url);
      if (!handler?.load) throw new StorefrontError('STORAGE_UNAVAILABLE', 'Recommender: IndexedDB is not available here.');
      const artifacts = await handler.load();
      const meta = (artifacts.userDefinedMetadata as { recommender?: RecommenderMetadata } | undefined)?.recommender;
      if (!meta || !artifacts.weightData || !artifacts.weightSpecs) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${url} is not a saved recommender. Save one with recommender.save().`);
      const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      return guardedRecommender(new RecommenderImpl(stateFrom({ ...meta, weightSpecs: artifacts.weightSpecs as RecommenderMetadata['weightSpecs'] }, data)));
    }
    const metaUrl = url.endsWith('metadata.json') ? url : `${url.replace(/\/?$/, '/')}metadata.json`;
    const metaResponse = await fetch(metaUrl);
    if (!metaResponse.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${metaUrl} answered HTTP ${metaResponse.status}. Check the model URL.`);
    const meta = (await metaResponse.json()) as RecommenderMetadata;
    const weightsUrl = new URL(meta.weights ?? 'weights.bin', resolved(metaUrl, options)).href;
    const weightsResponse = await fetch(weightsUrl);
    if (!weightsResponse.ok) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${weightsUrl} answered HTTP ${weightsResponse.status}. Serve the weights file beside metadata.json.`);
    return guardedRecommender(new RecommenderImpl(stateFrom(meta, await weightsResponse.arrayBuffer())));
  } catch (error) {
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: loading ${url} failed. Check the URL or the saved name.`, { cause: error });
  }
}

/** Loads item embeddings in the SFEM exchange format from a URL or bytes and makes a recommender of them. */
async function loadEmbeddings({ embeddings: source, ...embeddingOptions }: EmbeddingsSource, options: LoadOptions): Promise<Recommender> {
  if (typeof source === 'object' && source !== null && !(source instanceof ArrayBuffer)) return embeddingsRecommender(source, embeddingOptions);
  const fetch = (input: string) => fetchOf(options)(resolved(input, options), { signal: options.signal });
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
  return embeddingsRecommender(decodeEmbeddings(bytes), embeddingOptions);
}
