/**
 * Loading recommenders: `indexeddb://<name>` through TensorFlow.js's IndexedDB handler, and a folder URL (e.g.
 * `models/recommend/beauty/`) holding `metadata.json` + `weights.bin`. Item embeddings trained elsewhere load from
 * the SFEM exchange format (embedding-format.ts). Saving is in save.ts, which recommender.ts imports; this file
 * imports the recommender, so the two never import each other.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, isStorefrontError, throwIfAborted } from '../core/errors.ts';
import {
  checkFileOptions, fetchBytes, fetchManifestFiles, fetchMetadata, parseManifest, resolveAllowed, verifyFile, type ModelFile,
} from '../core/files/index.ts';
import type { LoadOptions } from '../core/lifecycle.ts';
import { show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { checkRecommenderMetadata, checkSessions, checkSimilarity, type RecommenderMetadata } from './check-metadata.ts';
import { firstNonFinite } from './check-input.ts';
import { embeddingsRecommender, type EmbeddingsOptions } from './create.ts';
import { decodeEmbeddings, type ItemEmbeddings } from './embedding-format.ts';
import { RecommenderImpl, guardedRecommender, type Recommender } from './recommender.ts';
import { unpackArrays, type RecommenderState } from './state.ts';
import { DEFAULT_RETURNING_SESSION_WEIGHT } from './session-knn.ts';

export type { RecommenderMetadata } from './check-metadata.ts';

const SUBJECT = 'Recommender';

/** The state a saved recommender's metadata and weights describe, checked (internal: the loaders, the cold-start eval). */
export function stateFrom(value: RecommenderMetadata, weights: ArrayBuffer, where: string): RecommenderState {
  const meta = checkRecommenderMetadata(value, where, weights.byteLength);
  const a = unpackArrays(meta.weightSpecs, weights);
  const f = (name: string) => {
    const v = a.get(name);
    if (!(v instanceof Float32Array)) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: weights lack "${name}". Re-save the model.`);
    const at = firstNonFinite(v);
    if (at >= 0) {
      throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${where} "${name}" holds ${v[at]} at index ${at}; every weight must be finite. Re-train or re-save the model.`, {
        details: { field: name, source: where },
      });
    }
    return v;
  };
  const n = meta.productIds.length;
  const csr = (prefix: string) => {
    const rowStart = a.get(`${prefix}_row_start`);
    if (!(rowStart instanceof Int32Array)) return null;
    const neighbours = a.get(`${prefix}_neighbours`) as Int32Array;
    checkSimilarity(rowStart, neighbours, n, where, prefix);
    return { numItems: n, rowStart, neighbours, values: f(`${prefix}_values`) };
  };
  const sessionStart = a.get('sessions_start');
  const sessionItems = a.get('sessions_items') as Int32Array;
  if (sessionStart instanceof Int32Array) checkSessions(sessionStart, sessionItems, n, where);
  return {
    ids: meta.productIds, dim: meta.dim, window: meta.window, modelWeight: meta.modelWeight,
    input: f('input'), position: f('position'), dense: f('dense'), denseBias: f('dense_bias'), items: f('items'), bias: f('bias'),
    popularity: f('popularity'),
    similarity: csr('similarity'), rules: csr('rules'),
    sessions: sessionStart instanceof Int32Array ? { numItems: n, start: sessionStart, items: sessionItems } : null,
    sessionWeight: sessionStart instanceof Int32Array ? meta.sessionWeight ?? 0 : 0,
    returningSessionWeight: sessionStart instanceof Int32Array ? meta.returningSessionWeight ?? DEFAULT_RETURNING_SESSION_WEIGHT : 0,
    attributes: meta.attributes.map((x) => x ?? undefined),
    learnedAttributes: meta.attributeNames ? { names: meta.attributeNames, vectors: f('attribute_vectors') } : null,
    metadata: meta.info,
  };
}

/** Item embeddings trained elsewhere as a source of `loadRecommender`: SFEM bytes, their URL, or decoded. */
export interface EmbeddingsSource extends EmbeddingsOptions {
  embeddings: string | ArrayBuffer | ItemEmbeddings;
  /** Size and SHA-256 the SFEM file must have (INTEGRITY_MISMATCH otherwise), e.g. from your own manifest. @default unchecked */
  integrity?: ModelFile;
}

/** Options of `loadRecommender()`: the shared loader options. */
export type LoadRecommenderOptions = LoadOptions;

/**
 * Loads a recommender from `indexeddb://<name>`, from a folder URL holding `metadata.json` and its weights file
 * (a URL ending in `metadata.json` works too; what `recommender.toFiles()` writes), or from item embeddings trained
 * elsewhere: `loadRecommender({ embeddings: url | ArrayBuffer | ItemEmbeddings, integrity, decay, window, popularity })`.
 * Hosted files come through the shared model-file layer: same origin unless `allowedOrigins` names it
 * (ORIGIN_NOT_ALLOWED), the weights checked against metadata.json's manifest (INTEGRITY_MISMATCH), the metadata
 * against the weights (MODEL_LOAD_FAILED naming the field).
 */
export async function loadRecommender(source: string | EmbeddingsSource, options: LoadRecommenderOptions = {}): Promise<Recommender> {
  const fileOptions = checkFileOptions(options, SUBJECT);
  throwIfAborted(fileOptions.signal, 'Loading the recommender');
  let recommender: Recommender;
  try {
    if (typeof source === 'string' && source !== '') recommender = await loadSaved(source, fileOptions);
    else if (typeof source === 'object' && source !== null && 'embeddings' in source) recommender = await loadEmbeddings(source, fileOptions);
    else throw new StorefrontError('INVALID_INPUT', `Recommender: cannot load from ${show(source)}. Pass "indexeddb://<name>", a folder URL, or { embeddings }.`);
  } catch (error) {
    // A fetch aborted by the signal fails as a network error: report the abort, not a broken model.
    throwIfAborted(fileOptions.signal, 'Loading the recommender');
    throw error;
  }
  if (fileOptions.signal?.aborted) {
    recommender.dispose();
    throwIfAborted(fileOptions.signal, 'Loading the recommender');
  }
  return recommender;
}

async function loadSaved(url: string, fileOptions: ReturnType<typeof checkFileOptions>): Promise<Recommender> {
  await ensureRuntime();
  try {
    if (url.startsWith('indexeddb://')) {
      const [handler] = tf.io.getLoadHandlers(url);
      if (!handler?.load) throw new StorefrontError('STORAGE_UNAVAILABLE', 'Recommender: IndexedDB is not available here.');
      const artifacts = await handler.load();
      const meta = (artifacts.userDefinedMetadata as { recommender?: RecommenderMetadata } | undefined)?.recommender;
      if (!meta || !artifacts.weightData || !artifacts.weightSpecs) throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: ${url} is not a saved recommender. Save one with recommender.save().`);
      const data = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      return guardedRecommender(new RecommenderImpl(stateFrom({ ...meta, weightSpecs: artifacts.weightSpecs as RecommenderMetadata['weightSpecs'] }, data, url)));
    }
    const source = url.endsWith('metadata.json') ? url : `${url.replace(/\/?$/, '/')}metadata.json`;
    const { url: metaUrl, json } = await fetchMetadata(source, fileOptions, SUBJECT);
    const meta = checkRecommenderMetadata(json, metaUrl);
    const weightsPath = meta.weights ?? 'weights.bin';
    const manifest = parseManifest(meta.files, SUBJECT, metaUrl, [weightsPath]);
    const files = await fetchManifestFiles({ [weightsPath]: manifest[weightsPath] as ModelFile }, metaUrl, fileOptions, SUBJECT);
    throwIfAborted(fileOptions.signal, 'Loading the recommender');
    return guardedRecommender(new RecommenderImpl(stateFrom(meta, files.get(weightsPath) as ArrayBuffer, metaUrl)));
  } catch (error) {
    if (isStorefrontError(error)) throw error;
    throw new StorefrontError('MODEL_LOAD_FAILED', `Recommender: loading ${url} failed. Check the URL or the saved name.`, { cause: error });
  }
}

/**
 * Item embeddings in the SFEM exchange format from a URL (same origin unless allowed), bytes, or decoded → a
 * recommender. `integrity` checks the file's size and SHA-256.
 */
async function loadEmbeddings({ embeddings: source, integrity, ...embeddingOptions }: EmbeddingsSource, fileOptions: ReturnType<typeof checkFileOptions>): Promise<Recommender> {
  if (typeof source === 'object' && source !== null && !(source instanceof ArrayBuffer)) return embeddingsRecommender(source, embeddingOptions);
  const subject = 'Embeddings';
  const { signal, onProgress, fetch } = fileOptions;
  let bytes: ArrayBuffer;
  const where = typeof source === 'string' ? resolveAllowed(source, fileOptions, subject, 'the source') : 'the bytes';
  if (typeof source === 'string') {
    let loaded = 0;
    const total = integrity?.bytes ?? 0;
    bytes = await fetchBytes(where, { subject, signal, fetch }, (n) => {
      loaded += n;
      onProgress?.({ loaded, total: Math.max(total, loaded) });
    }, integrity?.bytes);
  } else {
    bytes = source;
  }
  if (integrity) await verifyFile(where, bytes, parseManifest({ file: integrity }, subject, 'options.integrity').file as ModelFile, subject);
  throwIfAborted(signal, 'Loading the embeddings');
  return embeddingsRecommender(decodeEmbeddings(bytes), embeddingOptions);
}
