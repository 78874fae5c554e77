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
import { buildNetwork, combineMembers, pickRows, predictMatrix, train, type Activation, type EpochRecord } from './network.ts';
import { encodeRows, encodedNames, fitSchema, type IntentRow } from './schema.ts';
import { CATEGORICAL_COLUMNS, NUMERIC_COLUMNS } from './uci-columns.ts';
import { checkRowValues } from './validate-rows.ts';
import type { IntentMetadata, IntentModel, IntentTrainOptions } from './types.ts';
import { stratifiedFolds, stratifiedSplit } from '../core/random.ts';

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
    scaling: oneOf('scaling', options.scaling ?? 'standard', ['standard', 'quantile'] as const),
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
  const members = numberIn('ensemble', options.ensemble ?? 1, 1, 16, true);
  const split = oneOf('ensembleSplit', options.ensembleSplit ?? 'shared', ['shared', 'folds'] as const);
  // Folds need the rows themselves as validation: not with explicit validationData, a single member or none held out.
  const folds = split === 'folds' && members > 1 && !options.validationData && valRows !== null;

  await ensureRuntime();
  const schema = fitSchema(folds ? rows : trainRows, { exclude: arch.exclude, include: arch.include, scaling: arch.scaling });
  const names = encodedNames(schema);
  const width = names.length;
  const nets: ReturnType<typeof buildNetwork>[] = [];
  let net: ReturnType<typeof buildNetwork> | null = null;
  try {
    const history: (EpochRecord & { member?: number })[] = [];
    const fits: { seed: number; epochs: number; bestEpoch: number }[] = [];
    let valX: Float32Array | null = null;
    let validationY: Uint8Array | null = valY;
    let valScores: Float32Array | null = null;
    const fitMember = async (k: number, x: Float32Array, y: Uint8Array, vx: Float32Array | null, vy: Uint8Array | null) => {
      const seed = arch.seed + 1000 * k;
      const member = buildNetwork({ inputs: width, hidden: arch.hidden, activation: arch.activation, seed });
      nets.push(member);
      const offset = history.at(-1)?.seconds ?? 0;
      const result = await train(member, {
        x, y, width, classWeight, valX: vx, valY: vy, epochs, batchSize,
        learningRate: arch.learningRate, l2: arch.l2, patience: vx ? patience : null,
        seed, signal: options.signal,
        onEpoch: (epoch, loss, valLoss) => options.onProgress?.({ epoch, epochs, loss, valLoss, ...(members > 1 ? { member: k + 1, members } : {}) }),
      });
      history.push(...result.history.map((h) => ({ ...h, seconds: offset + (h.seconds ?? 0), ...(members > 1 ? { member: k + 1 } : {}) })));
      fits.push({ seed, epochs: result.epochs, bestEpoch: result.bestEpoch });
    };
    if (folds) {
      // K-fold: member k trains on the rows outside fold k and stops early on fold k; its out-of-fold scores are
      // the validation scores (each row scored by the one member that never saw it).
      const fold = stratifiedFolds(y, members, arch.seed);
      const allX = encodeRows(schema, rows);
      valScores = new Float32Array(rows.length);
      validationY = y;
      for (let k = 0; k < members; k++) {
        const inside = [...fold.keys()].filter((i) => fold[i] !== k);
        const outside = [...fold.keys()].filter((i) => fold[i] === k);
        const vx = pickRows(allX, outside, width);
        await fitMember(k, pickRows(allX, inside, width), Uint8Array.from(inside, (i) => y[i] as number), vx, Uint8Array.from(outside, (i) => y[i] as number));
        const scores = await predictMatrix(nets[k] as ReturnType<typeof buildNetwork>, vx, width);
        outside.forEach((i, j) => { (valScores as Float32Array)[i] = scores[j] as number; });
      }
    } else {
      valX = valRows ? encodeRows(schema, valRows, 'validationData.rows') : null;
      const x = encodeRows(schema, trainRows);
      for (let k = 0; k < members; k++) await fitMember(k, x, trainY, valX, valY);
    }
    net = members === 1 ? nets[0] as ReturnType<typeof buildNetwork> : combineMembers(nets, { inputs: width, hidden: arch.hidden, activation: arch.activation });
    if (members > 1) for (const member of nets) member.dispose();
    nets.length = 0;
    if (valX) valScores = await predictMatrix(net, valX, width);
    let validation: IntentMetrics | null = null;
    let threshold = typeof options.threshold === 'number' ? numberIn('threshold', options.threshold, 0, 1) : 0.5;
    if (valScores && validationY) {
      if (options.threshold === undefined || options.threshold === 'f1') threshold = chooseThreshold(validationY, valScores);
      validation = computeMetrics(validationY, valScores, threshold);
    }
    const first = fits[0] as (typeof fits)[number];
    const result = { epochs: first.epochs, bestEpoch: first.bestEpoch, history };
    const metadata: IntentMetadata = {
      format: 'storefront-ml/purchase-intent',
      version: 1,
      featureSchema: schema,
      featureNames: names,
      threshold,
      architecture: { hidden: arch.hidden, activation: arch.activation, ...(members > 1 ? { members } : {}) },
      training: {
        rows: folds ? rows.length : trainY.length, positives: folds ? y.reduce((s, v) => s + v, 0) : positives,
        validationRows: validationY?.length ?? 0, classWeight, epochs: result.epochs,
        bestEpoch: result.bestEpoch, batchSize, learningRate: arch.learningRate, l2: arch.l2, seed: arch.seed,
        ms: performance.now() - started, history: result.history,
        ...(members > 1 ? { ensemble: { split: folds ? 'folds' as const : 'shared' as const, members: fits } } : {}),
      },
      metrics: validation ? { validation } : {},
      provenance: {},
    };
    return guarded(new IntentModelImpl({ net, schema, metadata }));
  } catch (error) {
    for (const member of nets) if (member !== net) member.dispose();
    net?.dispose();
    throw error;
  }
}
