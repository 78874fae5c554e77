/**
 * Saving purchase-intent models: to `indexeddb://name` (metadata travels as the stored model's
 * userDefinedMetadata) and as hosted files (`model.json`, `weights.bin`, `metadata.json`). Loading is in io.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, describeError } from '../core/errors.ts';
import { rememberSavedModel } from '../core/storage/stored-data.ts';
import { show } from '../core/validate.ts';
import type { FeatureSchema } from './schema.ts';
import type { IntentMetadata, IntentModelFiles, IntentSaveOptions } from './types.ts';

/** The trained state of a model: what saving writes and loading rebuilds. */
export interface IntentState {
  net: tf.LayersModel;
  schema: FeatureSchema;
  metadata: IntentMetadata;
}

function withExtras(state: IntentState, options: IntentSaveOptions): IntentMetadata {
  return {
    ...state.metadata,
    metrics: { ...state.metadata.metrics, ...options.metrics },
    provenance: { ...state.metadata.provenance, ...options.provenance, savedAt: new Date().toISOString(), tfjs: tf.version.tfjs },
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
    await rememberSavedModel(url); // so eraseAllData() finds it in tfjs's shared database
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
  return {
    'model.json': JSON.stringify(modelJson),
    'weights.bin': weights,
    'metadata.json': `${JSON.stringify(metadata, null, 2)}\n`,
  };
}
