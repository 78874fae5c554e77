/**
 * `createIntentModel()`: the purchase-intent MLP (Sakar et al. 2019: Dense 64 relu → Dense 64 relu → Dense 1
 * sigmoid, BCE, Adam) over the UCI feature schema. The class stays private; callers get the `IntentModel` interface.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError, throwIfAborted } from '../core/errors.ts';
import { numberIn, oneOf, show } from '../core/validate.ts';
import { ensureRuntime } from '../runtime/index.ts';
import { integratedGradients, permutationImportance } from './explain.ts';
import { chooseThreshold, computeMetrics, type IntentMetrics } from './metrics.ts';
import { buildNetwork, fineTune, predictMatrix, train, type Activation } from './network.ts';
import { encodeRows, encodedNames, fitSchema, type FeatureSchema, type IntentRow } from './schema.ts';
import type {
  AdaptOptions, AdaptReport, ExplainOptions, IntentExplanation, IntentFitOptions, IntentFitReport, IntentMetadata,
  IntentModel, IntentModelFiles, IntentModelOptions, IntentSaveOptions, PermutationImportance, PermutationOptions,
} from './types.ts';
import { stratifiedSplit } from './uci.ts';
import { ACTIVATIONS } from './check-metadata.ts';
import { modelFiles, saveToIndexedDb } from './save.ts';
import type { IntentState } from './state.ts';


/** Labels as 0/1, checked against the row count. */
export function toLabels(labels: ArrayLike<number | boolean>, count: number, what = 'labels'): Uint8Array {
  if (labels == null || labels.length !== count) {
    throw new StorefrontError('INVALID_INPUT', `Intent model: got ${count} rows and ${labels == null ? 'no' : labels.length} ${what}. Pass one 0/1 (or boolean) per row.`);
  }
  return Uint8Array.from({ length: count }, (_, i) => {
    const v = labels[i];
    if (v === 1 || v === true) return 1;
    if (v === 0 || v === false) return 0;
    throw new StorefrontError('INVALID_INPUT', `Intent model: ${what}[${i}] is ${show(v)}. Use 0/1 or false/true.`);
  });
}

function checkRows(rows: unknown, what = 'rows'): IntentRow[] {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new StorefrontError('INVALID_INPUT', `Intent model: ${what} is ${show(rows)}. Pass a non-empty array of session records keyed by UCI column names.`);
  }
  return rows as IntentRow[];
}

export type { IntentState } from './state.ts';

export class IntentModelImpl implements IntentModel {
  private state: IntentState | null = null;
  private shipped: tf.Tensor[] | null = null;
  private disposed = false;
  private readonly options: Required<Omit<IntentModelOptions, 'exclude'>> & { exclude: IntentModelOptions['exclude'] };

  constructor(options: IntentModelOptions, state: IntentState | null = null) {
    const hidden = options.hidden ?? [64, 64];
    if (!Array.isArray(hidden) || hidden.some((u) => !Number.isInteger(u) || u < 1 || u > 4096)) {
      throw new StorefrontError('INVALID_OPTION', `Option hidden must be an array of integers from 1 to 4096; got ${show(hidden)}.`);
    }
    this.options = {
      hidden,
      activation: oneOf('activation', options.activation ?? 'relu', ACTIVATIONS),
      learningRate: numberIn('learningRate', options.learningRate ?? 1e-3, 1e-6, 1),
      l2: numberIn('l2', options.l2 ?? 1e-3, 0, 1),
      seed: numberIn('seed', options.seed ?? 1, 0, 2 ** 31, true),
      exclude: options.exclude,
    };
    if (state) this.adopt(state);
  }

  private adopt(state: IntentState): void {
    if (this.state) this.state.net.dispose();
    if (this.shipped) tf.dispose(this.shipped);
    this.state = state;
    this.shipped = state.net.getWeights().map((t) => t.clone());
  }

  private ready(what: string): IntentState {
    if (this.disposed) throw new StorefrontError('DISPOSED', `Intent model: ${what}() after dispose(). Create or load a new model.`);
    if (!this.state) throw new StorefrontError('INVALID_INPUT', `Intent model: ${what}() before fit(). Call fit() or use loadIntentModel().`);
    return this.state;
  }

  get threshold(): number {
    return this.state?.metadata.threshold ?? 0.5;
  }

  get metadata(): IntentMetadata | null {
    return this.state ? structuredClone(this.state.metadata) : null;
  }

  async fit(rows: IntentRow[], labels: ArrayLike<number | boolean>, options: IntentFitOptions = {}): Promise<IntentFitReport> {
    if (this.disposed) throw new StorefrontError('DISPOSED', 'Intent model: fit() after dispose(). Create a new model.');
    checkRows(rows);
    const y = toLabels(labels, rows.length);
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
    } else {
      const fraction = numberIn('validationSplit', options.validationSplit ?? 0.2, 0, 0.9);
      if (fraction > 0) {
        const split = stratifiedSplit(y, fraction, this.options.seed);
        trainRows = split.train.map((i) => rows[i] as IntentRow);
        trainY = Uint8Array.from(split.train, (i) => y[i] as number);
        valRows = split.test.map((i) => rows[i] as IntentRow);
        valY = Uint8Array.from(split.test, (i) => y[i] as number);
      }
    }
    const positives = trainY.reduce((s, v) => s + v, 0);
    const cwOption = options.classWeight ?? 'none';
    let classWeight: [number, number];
    if (typeof cwOption === 'object' && cwOption !== null) {
      classWeight = [numberIn('classWeight[0]', cwOption[0], 0, 1e6), numberIn('classWeight[1]', cwOption[1], 0, 1e6)];
    } else if (oneOf('classWeight', cwOption, ['balanced', 'none'] as const) === 'none') {
      classWeight = [1, 1];
    } else {
      // n / (2 · class count): both classes carry half of the total weight.
      classWeight = [trainY.length / (2 * Math.max(1, trainY.length - positives)), trainY.length / (2 * Math.max(1, positives))];
    }

    await ensureRuntime();
    const schema = fitSchema(trainRows, { exclude: this.options.exclude ?? [] });
    const names = encodedNames(schema);
    const width = names.length;
    const net = buildNetwork({ inputs: width, hidden: this.options.hidden, activation: this.options.activation, seed: this.options.seed });
    const valX = valRows ? encodeRows(schema, valRows) : null;
    let result;
    try {
      result = await train(net, {
        x: encodeRows(schema, trainRows), y: trainY, width, classWeight, valX, valY, epochs, batchSize,
        learningRate: this.options.learningRate, l2: this.options.l2, patience: valX ? patience : null,
        seed: this.options.seed, signal: options.signal,
        onEpoch: (epoch, loss, valLoss) => options.onProgress?.({ epoch, epochs, loss, valLoss }),
      });
    } catch (error) {
      net.dispose();
      throw error;
    }
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
      architecture: { hidden: this.options.hidden, activation: this.options.activation },
      training: {
        rows: trainY.length, positives, validationRows: valY?.length ?? 0, classWeight, epochs: result.epochs,
        bestEpoch: result.bestEpoch, batchSize, learningRate: this.options.learningRate, l2: this.options.l2, seed: this.options.seed,
      },
      metrics: validation ? { validation } : {},
      provenance: {},
    };
    this.adopt({ net, schema, metadata });
    return { epochs: result.epochs, bestEpoch: result.bestEpoch, threshold, validation, history: result.history, ms: performance.now() - started };
  }

  async predictBatch(rows: IntentRow[]): Promise<Float32Array> {
    const { net, schema, metadata } = this.ready('predictBatch');
    if (!Array.isArray(rows)) throw new StorefrontError('INVALID_INPUT', `Intent model: predictBatch() got ${show(rows)}. Pass an array of session records.`);
    return predictMatrix(net, encodeRows(schema, rows), metadata.featureNames.length);
  }

  async predict(row: IntentRow): Promise<number> {
    this.ready('predict');
    return (await this.predictBatch([row]))[0] as number;
  }

  async classify(row: IntentRow): Promise<{ label: 'purchase' | 'no_purchase'; score: number }> {
    const score = await this.predict(row);
    return { label: score >= this.threshold ? 'purchase' : 'no_purchase', score };
  }

  async evaluate(rows: IntentRow[], labels: ArrayLike<number | boolean>, options: { threshold?: number } = {}): Promise<IntentMetrics> {
    this.ready('evaluate');
    const y = toLabels(labels, checkRows(rows).length);
    const threshold = options.threshold === undefined ? this.threshold : numberIn('threshold', options.threshold, 0, 1);
    return computeMetrics(y, await this.predictBatch(rows), threshold);
  }

  async explain(row: IntentRow, options: ExplainOptions = {}): Promise<IntentExplanation> {
    const { net, schema } = this.ready('explain');
    const steps = numberIn('steps', options.steps ?? 32, 1, 1024, true);
    return integratedGradients(net, schema, row, steps);
  }

  async permutationImportance(rows: IntentRow[], labels: ArrayLike<number | boolean>, options: PermutationOptions = {}): Promise<PermutationImportance[]> {
    const { net, schema } = this.ready('permutationImportance');
    const y = toLabels(labels, checkRows(rows).length);
    return permutationImportance(net, schema, rows, y, {
      repeats: numberIn('repeats', options.repeats ?? 3, 1, 100, true),
      metric: oneOf('metric', options.metric ?? 'rocAuc', ['rocAuc', 'prAuc', 'logLoss'] as const),
      seed: numberIn('seed', options.seed ?? 1, 0, 2 ** 31, true),
      signal: options.signal,
    });
  }

  async adapt(rows: IntentRow[], outcomes: ArrayLike<number | boolean>, options: AdaptOptions = {}): Promise<AdaptReport> {
    const { net, schema, metadata } = this.ready('adapt');
    const y = toLabels(outcomes, checkRows(rows).length, 'outcomes');
    const steps = numberIn('steps', options.steps ?? 10, 1, 100, true);
    const learningRate = numberIn('learningRate', options.learningRate ?? 5e-4, 1e-7, 0.01);
    const result = await fineTune(net, encodeRows(schema, rows), y, metadata.featureNames.length, steps, learningRate);
    return { steps, ...result };
  }

  reset(): void {
    const { net } = this.ready('reset');
    if (this.shipped) net.setWeights(this.shipped);
  }

  async save(url: string, options: IntentSaveOptions = {}): Promise<void> {
    const state = this.ready('save');
    await saveToIndexedDb(state, url, options);
  }

  async toFiles(options: IntentSaveOptions = {}): Promise<IntentModelFiles> {
    return modelFiles(this.ready('toFiles'), options);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.shipped) tf.dispose(this.shipped);
    this.state?.net.dispose();
    this.shipped = null;
    this.state = null;
  }
}

/**
 * Creates an untrained purchase-intent model; `fit()` it on rows keyed by UCI column names.
 *
 * @example
 * const model = await createIntentModel();            // Dense 64 relu → 64 relu → 1 sigmoid
 * const report = await model.fit(rows, labels);       // class-weighted, early stopping, threshold on validation
 * await model.predict(row);                           // purchase probability in [0, 1]
 */
export async function createIntentModel(options: IntentModelOptions = {}): Promise<IntentModel> {
  const model = new IntentModelImpl(options);
  await ensureRuntime();
  return model;
}
