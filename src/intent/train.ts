/**
 * `trainIntentModel(rows, labels, options)`: fits the feature schema on the rows and trains the purchase-intent MLP
 * (Sakar et al. 2019: Dense 64 relu → Dense 64 relu → Dense 1 sigmoid, BCE, Adam) from fresh weights. Resolves to
 * the same `IntentModel` that `loadIntentModel()` gives; what training did is in `model.metadata.training`.
 */
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { numberIn, oneOf, show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { chooseThreshold, computeMetrics, type IntentMetrics } from './metrics.ts';
import { IntentModelImpl, checkRows, guarded, toLabels } from './model.ts';
import { buildNetwork, predictMatrix, train, type Activation } from './network.ts';
import { encodeRows, encodedNames, fitSchema, type IntentRow } from './schema.ts';
import { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS } from './uci-columns.ts';
import { checkRowValues } from './validate-rows.ts';
import type { IntentMetadata, IntentModel, IntentTrainOptions } from './types.ts';
import { stratifiedSplit } from '../core/random.ts';

const ACTIVATIONS: readonly Activation[] = ['relu', 'elu', 'tanh', 'sigmoid', 'selu', 'swish'];

function architecture(options: IntentTrainOptions) {
  const hidden = options.hidden ?? [64, 64];
  if (!Array.isArray(hidden) || hidden.some((u) => !Number.isInteger(u) || u < 1 || u > 4096)) {
    throw new StorefrontError('INVALID_OPTION', `Option hidden must be an array of integers from 1 to 4096; got ${show(hidden)}.`);
  }
  return {
    hidden,
    activation: oneOf('activation', options.activation ?? 'relu', ACTIVATIONS),
    learningRate: numberIn('learningRate', options.learningRate ?? 1e-3, 1e-6, 1),
    l2: numberIn('l2', options.l2 ?? 1e-3, 0, 1),
    seed: numberIn('seed', options.seed ?? 1, 0, 2 ** 31, true),
    exclude: options.exclude ?? [],
    include: options.include ?? [],
  };
}

function classWeightOf(option: IntentTrainOptions['classWeight'], trainY: Uint8Array, positives: number): [number, number] {
  const cw = option ?? 'none';
  if (typeof cw === 'object' && cw !== null) return [numberIn('classWeight[0]', cw[0], 0, 1e6), numberIn('classWeight[1]', cw[1], 0, 1e6)];
  if (oneOf('classWeight', cw, ['balanced', 'none'] as const) === 'none') return [1, 1];
  // n / (2 · class count): both classes carry half of the total weight.
  return [trainY.length / (2 * Math.max(1, trainY.length - positives)), trainY.length / (2 * Math.max(1, positives))];
}

/**
 * Trains a purchase-intent model on rows keyed by UCI column names and their 0/1 labels: class-weighted, early
 * stopping and the decision threshold on a stratified validation split. Abortable (`signal`), reports each epoch
 * (`onProgress`).
 *
 * @example
 * const model = await trainIntentModel(rows, labels, { hidden: [64, 64] });
 * await model.predict(row);                  // purchase probability in [0, 1]
 * model.metadata.training.bestEpoch;         // what training did
 */
export async function trainIntentModel(rows: IntentRow[], labels: ArrayLike<number | boolean>, options: IntentTrainOptions = {}): Promise<IntentModel> {
  const arch = architecture(options);
  checkRows(rows);
  const y = toLabels(labels, rows.length);
  // Checked here, before the split, so that an error names the caller's row index.
  const numericRead = [...NUMERIC_COLUMNS.filter((c) => !(arch.exclude as readonly string[]).includes(c)), ...arch.include];
  const categoricalRead = CATEGORICAL_COLUMNS.filter((c) => !(arch.exclude as readonly string[]).includes(c));
  checkRowValues(rows, numericRead, categoricalRead);
  const epochs = numberIn('epochs', options.epochs ?? 100, 1, 10_000, true);
  const batchSize = numberIn('batchSize', options.batchSize ?? 128, 1, 1 << 20, true);
  const patience = options.earlyStopping === false ? null : numberIn('earlyStopping.patience', options.earlyStopping?.patience ?? 10, 1, 10_000, true);
  throwIfAborted(options.signal, 'Intent model training');
  const started = performance.now();
  let trainRows = rows;
  let trainY = y;
  let valRows: IntentRow[] | null = null;
  let valY: Uint8Array | null = null;
  if (options.validationData) {
    valRows = checkRows(options.validationData.rows, 'validationData.rows');
    valY = toLabels(options.validationData.labels, valRows.length, 'validationData.labels');
    checkRowValues(valRows, numericRead, categoricalRead, 'validationData.rows');
  } else {
    const fraction = numberIn('validationSplit', options.validationSplit ?? 0.2, 0, 0.9);
    if (fraction > 0) {
      const split = stratifiedSplit(y, fraction, arch.seed);
      trainRows = split.train.map((i) => rows[i] as IntentRow);
      trainY = Uint8Array.from(split.train, (i) => y[i] as number);
      valRows = split.test.map((i) => rows[i] as IntentRow);
      valY = Uint8Array.from(split.test, (i) => y[i] as number);
    }
  }
  const positives = trainY.reduce((s, v) => s + v, 0);
  const classWeight = classWeightOf(options.classWeight, trainY, positives);

  await ensureRuntime();
  const schema = fitSchema(trainRows, { exclude: arch.exclude, include: arch.include });
  const names = encodedNames(schema);
  const width = names.length;
  const net = buildNetwork({ inputs: width, hidden: arch.hidden, activation: arch.activation, seed: arch.seed });
  try {
    const valX = valRows ? encodeRows(schema, valRows, 'validationData.rows') : null;
    const result = await train(net, {
      x: encodeRows(schema, trainRows), y: trainY, width, classWeight, valX, valY, epochs, batchSize,
      learningRate: arch.learningRate, l2: arch.l2, patience: valX ? patience : null,
      seed: arch.seed, signal: options.signal,
      onEpoch: (epoch, loss, valLoss) => options.onProgress?.({ epoch, epochs, loss, valLoss }),
    });
    let validation: IntentMetrics | null = null;
    let threshold = typeof options.threshold === 'number' ? numberIn('threshold', options.threshold, 0, 1) : 0.5;
    if (valX && valY) {
      const scores = await predictMatrix(net, valX, width);
      if (options.threshold === undefined || options.threshold === 'f1') threshold = chooseThreshold(valY, scores);
      validation = computeMetrics(valY, scores, threshold);
    }
    const metadata: IntentMetadata = {
      format: 'storefront-ml/purchase-intent',
      version: 1,
      featureSchema: schema,
      featureNames: names,
      threshold,
      architecture: { hidden: arch.hidden, activation: arch.activation },
      training: {
        rows: trainY.length, positives, validationRows: valY?.length ?? 0, classWeight, epochs: result.epochs,
        bestEpoch: result.bestEpoch, batchSize, learningRate: arch.learningRate, l2: arch.l2, seed: arch.seed,
        ms: performance.now() - started, history: result.history,
      },
      metrics: validation ? { validation } : {},
      provenance: {},
    };
    return guarded(new IntentModelImpl({ net, schema, metadata }));
  } catch (error) {
    net.dispose();
    throw error;
  }
}
