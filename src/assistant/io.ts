/**
 * Saving and loading an assistant as tf.io model artifacts: `indexeddb://` through tfjs's own handler, or a
 * `model.json` + `weights.bin` pair served from a `models/` folder. The topology carries the content, the feature
 * configuration and the calibration, so a loaded assistant answers (and retrains) without anything else.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, isStorefrontError } from '../core/errors.ts';
import type { AssistantContent } from './content.ts';
import type { FeatureConfig } from './features.ts';
import type { TrainedModel } from './train.ts';

export const FORMAT = 'storefront-ml/assistant';
export const FORMAT_VERSION = 1;

export interface SavedAssistant {
  content: AssistantContent;
  model: TrainedModel;
}

interface Topology {
  format: string;
  version: number;
  content: AssistantContent;
  features: FeatureConfig;
  classes: number;
  temperature: number;
  threshold: number;
  validation: TrainedModel['validation'];
  trainSeconds: number;
}

/** The artifacts of a trained assistant: weights W [dim × classes], b [classes], idf [dim], all float32. */
export function modelToArtifacts({ content, model }: SavedAssistant): tf.io.ModelArtifacts {
  const { dim, classes, weights, bias } = model.softmax;
  const topology: Topology = {
    format: FORMAT,
    version: FORMAT_VERSION,
    content,
    features: model.features,
    classes,
    temperature: model.temperature,
    threshold: model.threshold,
    validation: model.validation,
    trainSeconds: model.trainSeconds,
  };
  const data = new Uint8Array(4 * (weights.length + bias.length + model.idf.length));
  const floats = new Float32Array(data.buffer);
  floats.set(weights, 0);
  floats.set(bias, weights.length);
  floats.set(model.idf, weights.length + bias.length);
  return {
    modelTopology: topology as unknown as tf.io.ModelArtifacts['modelTopology'],
    format: FORMAT,
    generatedBy: 'storefront-ml',
    weightSpecs: [
      { name: 'weights', shape: [dim, classes], dtype: 'float32' },
      { name: 'bias', shape: [classes], dtype: 'float32' },
      { name: 'idf', shape: [dim], dtype: 'float32' },
    ],
    weightData: data.buffer,
  };
}

/** Turns loaded artifacts back into content + model; anything malformed → MODEL_LOAD_FAILED naming `source`. */
export function artifactsToModel(artifacts: tf.io.ModelArtifacts, source: string): SavedAssistant {
  const fail = (what: string) =>
    new StorefrontError('MODEL_LOAD_FAILED', `Assistant: ${source} ${what}. Save it with assistant.save() from this version of storefront-ml.`, {
      details: { source },
    });
  const topology = artifacts.modelTopology as unknown as Topology | undefined;
  if (topology?.format !== FORMAT) throw fail(`is not a storefront-ml assistant (format ${JSON.stringify(topology?.format)})`);
  if (topology.version !== FORMAT_VERSION) throw fail(`has format version ${topology.version}, expected ${FORMAT_VERSION}`);
  if (artifacts.weightData === undefined || artifacts.weightSpecs === undefined) throw fail('has no weights');
  const buffer = tf.io.concatenateArrayBuffers(
    Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
  );
  const { dim } = topology.features;
  const { classes } = topology;
  const expected = 4 * (dim * classes + classes + dim);
  if (buffer.byteLength !== expected) throw fail(`holds ${buffer.byteLength} weight bytes, expected ${expected}`);
  const floats = new Float32Array(buffer);
  return {
    content: topology.content,
    model: {
      features: topology.features,
      softmax: { dim, classes, weights: floats.slice(0, dim * classes), bias: floats.slice(dim * classes, dim * classes + classes) },
      idf: floats.slice(dim * classes + classes),
      temperature: topology.temperature,
      threshold: topology.threshold,
      validation: topology.validation,
      trainSeconds: topology.trainSeconds,
    },
  };
}

function handlerFor(destination: string, save: boolean): tf.io.IOHandler {
  if (!save && !destination.startsWith('indexeddb://')) return tf.io.http(destination);
  const handlers = save ? tf.io.getSaveHandlers(destination) : tf.io.getLoadHandlers(destination);
  const handler = handlers[0];
  if (handler === undefined) {
    throw new StorefrontError('INVALID_OPTION', `Assistant: no tf.io handler for ${JSON.stringify(destination)}. Use indexeddb://<name> (or a model.json URL to load).`, {
      details: { destination },
    });
  }
  return handler;
}

export async function writeArtifacts(destination: string | tf.io.IOHandler, artifacts: tf.io.ModelArtifacts): Promise<void> {
  const handler = typeof destination === 'string' ? handlerFor(destination, true) : destination;
  if (handler.save === undefined) throw new StorefrontError('INVALID_OPTION', 'Assistant: the handler given to save() cannot save.');
  try {
    await handler.save(artifacts);
  } catch (error) {
    const quota = error instanceof DOMException && error.name === 'QuotaExceededError';
    throw new StorefrontError(quota ? 'QUOTA_EXCEEDED' : 'STORAGE_FAILED', `Assistant: saving to ${String(destination)} failed: ${String(error)}.`, {
      cause: error,
    });
  }
}

export async function readArtifacts(source: string | tf.io.IOHandler): Promise<tf.io.ModelArtifacts> {
  const handler = typeof source === 'string' ? handlerFor(source, false) : source;
  if (handler.load === undefined) throw new StorefrontError('INVALID_OPTION', 'Assistant: the handler given to loadAssistant() cannot load.');
  try {
    return await handler.load();
  } catch (error) {
    if (isStorefrontError(error)) throw error;
    const missing = typeof source === 'string' && source.startsWith('indexeddb://') && /cannot find model/i.test(String(error));
    throw new StorefrontError(missing ? 'NOT_FOUND' : 'MODEL_LOAD_FAILED', `Assistant: loading ${String(source)} failed: ${String(error)}.`, {
      cause: error,
    });
  }
}

/** model.json text and weights bytes for a `models/` folder, from saved artifacts. */
export function artifactsToFiles(artifacts: tf.io.ModelArtifacts, weightsPath = 'weights.bin'): { modelJson: string; weights: Uint8Array } {
  const data = tf.io.concatenateArrayBuffers(
    artifacts.weightData === undefined ? [] : Array.isArray(artifacts.weightData) ? artifacts.weightData : [artifacts.weightData],
  );
  const modelJson = JSON.stringify({
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsPath], weights: artifacts.weightSpecs }],
  });
  return { modelJson, weights: new Uint8Array(data) };
}
