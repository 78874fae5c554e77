/**
 * Saving purchase-intent models: `indexeddb://name` (metadata travels as the stored model's userDefinedMetadata) and
 * hosted files (`model.json`, `weights.bin`, `metadata.json` in one folder; metadata.json lists the other two with
 * their size and SHA-256, which loadIntentModel() checks).
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError } from '../core/errors.ts';
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import { manifestOf } from '../core/files/index.ts';
import { show } from '../core/validate.ts';
import { adaptationOf, isAdapted } from './adapted.ts';
import type { IntentState } from './state.ts';
import type { IntentMetadata, IntentModelFiles, IntentSaveOptions } from './types.ts';

function withExtras(state: IntentState, options: IntentSaveOptions): IntentMetadata {
  const { files: _files, ...metadata } = state.metadata; // a loaded model's old manifest describes old files
  return {
    ...metadata,
    metrics: { ...state.metadata.metrics, ...options.metrics },
    provenance: { ...state.metadata.provenance, ...options.provenance, savedAt: new Date().toISOString(), tfjs: tf.version.tfjs, ...adaptationOf(state.metadata) },
  };
}

export async function saveToIndexedDb(state: IntentState, url: string, options: IntentSaveOptions): Promise<void> {
  if (typeof url !== 'string' || !/^indexeddb:\/\/.+/.test(url)) {
    throw new StorefrontError('INVALID_OPTION', `Intent model: cannot save to ${show(url)}. Expected "indexeddb://<name>"; for hosting, use toFiles().`);
  }
  const metadata = withExtras(state, options);
  try {
    state.net.setUserDefinedMetadata({ storefrontIntent: metadata } as unknown as Record<string, unknown>);
    await state.net.save(url);
    // So eraseAllData() finds it in tfjs's shared database; an adapted one is also the shopper's (export/erase).
    await rememberSavedModel(url, isAdapted(metadata));
  } catch (error) {
    const quota = error instanceof Error && /quota/i.test(`${error.name} ${error.message}`);
    throw new StorefrontError(quota ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `Intent model: saving to ${url} failed: ${describeError(error)}. Free space or try another name.`, { cause: error });
  }
  state.metadata = metadata;
}

export async function modelFiles(state: IntentState, options: IntentSaveOptions): Promise<IntentModelFiles> {
  const metadata = withExtras(state, options);
  let captured: tf.io.ModelArtifacts | null = null;
  await state.net.save(tf.io.withSaveHandler(async (artifacts) => {
    captured = artifacts;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.weightData || !artifacts.weightSpecs) {
    throw new StorefrontError('INTERNAL', 'Intent model: tfjs returned no weights while serialising. Please report this.');
  }
  const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
  const modelJson = {
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
  };
  const model = JSON.stringify(modelJson);
  const files = manifestOf({ 'model.json': model, 'weights.bin': weights });
  return {
    'model.json': model,
    'weights.bin': weights,
    'metadata.json': `${JSON.stringify({ ...metadata, files }, null, 2)}\n`,
  };
}

