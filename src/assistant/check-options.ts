/**
 * Checks `trainAssistant()`'s options before any work starts. Without it a `learningRate` of NaN trained a model
 * whose every answer was NaN, and `{ epochs: undefined }` replaced the default with nothing. Options left out or set
 * to `undefined` take their defaults; anything else must be in range or training fails with INVALID_OPTION.
 */
import { functionOption, isPlainObject, numberIn, optionsOf, show, signalOption } from '../core/validate.ts';
import { StorefrontError } from '../core/errors.ts';
import type { FeatureConfig } from './features.ts';
import type { TrainAssistantOptions } from './train.ts';

type Range = readonly [min: number, max: number, integer?: boolean];

const NUMBERS: Partial<Record<keyof TrainAssistantOptions, Range>> = {
  epochs: [1, 1000, true],
  batchSize: [1, 65536, true],
  learningRate: [1e-9, 10],
  weightDecay: [0, 1],
  labelSmoothing: [0, 0.99],
  seed: [-(2 ** 31), 2 ** 32, true],
  holdout: [0.01, 0.9],
  maxAccuracyLoss: [0, 1],
  threshold: [0, 1],
  encoderWeight: [0, 100],
};

const FEATURES: Record<keyof FeatureConfig, Range> = {
  dim: [16, 2 ** 22, true],
  charMin: [1, 10, true],
  charMax: [1, 10, true],
  cjkMax: [1, 5, true],
  wordWeight: [0, 100],
  maxChars: [1, 1_000_000, true],
};

/** Drops `undefined` values, so spreading the result over defaults keeps the defaults. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The options with every `undefined` dropped, or INVALID_OPTION naming the first bad one. */
export function checkTrainOptions(value: TrainAssistantOptions | undefined): TrainAssistantOptions {
  const options = defined(optionsOf('trainAssistant', value)) as TrainAssistantOptions;
  for (const [key, [min, max, integer]] of Object.entries(NUMBERS) as [string, Range][]) {
    const v = (options as Record<string, unknown>)[key];
    if (v !== undefined) numberIn(`trainAssistant: ${key}`, v, min, max, integer);
  }
  if (options.features !== undefined) {
    const features = defined(optionsOf('trainAssistant: features', options.features));
    for (const [key, v] of Object.entries(features)) {
      const range = (FEATURES as Record<string, Range | undefined>)[key];
      if (range === undefined) continue; // unknown keys are ignored, as in every options object
      numberIn(`trainAssistant: features.${key}`, v, range[0], range[1], range[2]);
    }
    if (features.dim !== undefined && (features.dim & (features.dim - 1)) !== 0) {
      throw new StorefrontError('INVALID_OPTION', `Option trainAssistant: features.dim must be a power of two; got ${show(features.dim)}.`, {
        details: { option: 'features.dim', value: features.dim },
      });
    }
    options.features = features;
  }
  if (options.validation !== undefined && !Array.isArray(options.validation)) {
    throw new StorefrontError('INVALID_OPTION', `Option trainAssistant: validation must be an array of { text, label }; got ${show(options.validation)}.`, {
      details: { option: 'validation' },
    });
  }
  if (options.encoder !== undefined && !isPlainObject(options.encoder)) {
    throw new StorefrontError('INVALID_OPTION', `Option trainAssistant: encoder must be { url }; got ${show(options.encoder)}.`, {
      details: { option: 'encoder' },
    });
  }
  signalOption('trainAssistant: signal', options.signal);
  functionOption('trainAssistant: onProgress', options.onProgress);
  return options;
}
