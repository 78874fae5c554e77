/**
 * Saving recommenders: `indexeddb://<name>` through TensorFlow.js's IndexedDB handler, and the files of a hosted
 * folder (`metadata.json`, listing `weights.bin` with its size and SHA-256, + `weights.bin`). Loading is in
 * persistence.ts; this file imports neither it nor the recommender, so recommender.ts can import it without a cycle.
 */
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import * as tf from '@tensorflow/tfjs';
import { StorefrontError } from '../core/errors.ts';
import { manifestOf } from '../core/files/index.ts';
import { RECOMMENDER_FORMAT, type RecommenderMetadata } from './check-metadata.ts';
import { namedArrays, packArrays, type RecommenderState } from './state.ts';

const FORMAT = RECOMMENDER_FORMAT;

/** What `metadata.json` of `s` holds (shares arrays with `s`: copy before handing it out). */
export function metadataOf(s: RecommenderState): RecommenderMetadata {
  return {
    format: FORMAT, version: 1, dim: s.dim, window: s.window, modelWeight: s.modelWeight,
    // Only with a session index, so files without one round-trip byte for byte (e.g. those the PyTorch job writes).
    ...(s.sessions ? { sessionWeight: s.sessionWeight, returningSessionWeight: s.returningSessionWeight } : {}), productIds: s.ids,
    attributes: s.attributes.map((a) => a ?? null), ...(s.learnedAttributes ? { attributeNames: s.learnedAttributes.names } : {}),
    weightSpecs: namedArrays(s).map(({ name, dtype, shape }) => ({ name, dtype, shape })),
    weights: 'weights.bin', info: s.metadata,
  };
}

/**
 * The files of a saved recommender: `metadata.json` (text, with the weights' size and SHA-256 that
 * loadRecommender() checks) and `weights.bin`. Used by `recommender.toFiles()`.
 */
export function recommenderFiles(s: RecommenderState): { metadata: RecommenderMetadata; weights: ArrayBuffer } {
  const { specs, data } = packArrays(namedArrays(s));
  return { metadata: { ...metadataOf(s), weightSpecs: specs, files: manifestOf({ 'weights.bin': data }) }, weights: data };
}

/** Saves to `indexeddb://<name>` (the only storage scheme; for files use toFiles()). Used by `recommender.save()`. */
export async function saveRecommenderState(state: RecommenderState, url: string): Promise<void> {
  if (typeof url !== 'string' || !url.startsWith('indexeddb://') || url.length === 'indexeddb://'.length) {
    throw new StorefrontError('INVALID_INPUT', `Recommender: cannot save to ${JSON.stringify(url)}. Use an "indexeddb://<name>" URL with a name, or toFiles() for files.`, { details: { value: url } });
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
