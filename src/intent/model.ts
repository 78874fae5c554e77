/**
 * A trained purchase-intent model (made by `trainIntentModel()` in train.ts or `loadIntentModel()` in io.ts).
 * The class stays private; callers get the `IntentModel` interface behind the DISPOSED guard.
 */
import * as tf from '@tensorflow/tfjs';
import { StorefrontError } from '../core/errors.ts';
import { guardDisposed } from '../core/lifecycle.ts';
import { numberIn, oneOf, show } from '../core/validate.ts';
import { markAdapted } from './adapted.ts';
import { integratedGradients, permutationImportance } from './explain.ts';
import { computeMetrics, type IntentMetrics } from './metrics.ts';
import { checkScores, fineTune, predictMatrix } from './network.ts';
import { encodeRows, type FeatureSchema, type IntentRow } from './schema.ts';
import type {
  AdaptOptions, AdaptReport, ExplainOptions, IntentExplanation, IntentMetadata, IntentModel, IntentModelFiles,
  IntentSaveOptions, PermutationImportance, PermutationOptions,
} from './types.ts';
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

export function checkRows(rows: unknown, what = 'rows'): IntentRow[] {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new StorefrontError('INVALID_INPUT', `Intent model: ${what} is ${show(rows)}. Pass a non-empty array of session records keyed by UCI column names.`);
  }
  return rows as IntentRow[];
}

/** A trained purchase-intent model. Only trainIntentModel() and loadIntentModel() make one (wrapped by `guarded`). */
export class IntentModelImpl implements IntentModel {
  private state: IntentState | null;
  // The weights as trained or loaded, so reset() can undo adapt().
  private shipped: tf.Tensor[] | null;
  // The provenance as trained or loaded: reset() restores it, so a reset model no longer counts as adapted.
  private readonly shippedProvenance: Record<string, unknown>;

  constructor(state: IntentState) {
    this.state = state;
    this.shipped = state.net.getWeights().map((t) => t.clone());
    this.shippedProvenance = structuredClone(state.metadata.provenance);
  }

  private ready(): IntentState {
    // Unreachable through the public guard; kept for calls that were already running when dispose() came.
    if (!this.state) throw new StorefrontError('DISPOSED', 'Intent model: it was disposed. Load or train a new model.');
    return this.state;
  }

  get threshold(): number {
    return this.ready().metadata.threshold;
  }

  get metadata(): IntentMetadata {
    return structuredClone(this.ready().metadata);
  }

  async predictBatch(rows: IntentRow[]): Promise<Float32Array> {
    const { net, schema, metadata } = this.ready();
    if (!Array.isArray(rows)) throw new StorefrontError('INVALID_INPUT', `Intent model: predictBatch() got ${show(rows)}. Pass an array of session records.`);
    return checkScores(await predictMatrix(net, encodeRows(schema, rows), metadata.featureNames.length));
  }

  async predict(row: IntentRow): Promise<number> {
    this.ready();
    return (await this.predictBatch([row]))[0] as number;
  }

  async classify(row: IntentRow): Promise<{ label: 'purchase' | 'no_purchase'; score: number }> {
    const score = await this.predict(row);
    return { label: score >= this.threshold ? 'purchase' : 'no_purchase', score };
  }

  async evaluate(rows: IntentRow[], labels: ArrayLike<number | boolean>, options: { threshold?: number } = {}): Promise<IntentMetrics> {
    this.ready();
    const y = toLabels(labels, checkRows(rows).length);
    const threshold = options.threshold === undefined ? this.threshold : numberIn('threshold', options.threshold, 0, 1);
    return computeMetrics(y, await this.predictBatch(rows), threshold);
  }

  async explain(row: IntentRow, options: ExplainOptions = {}): Promise<IntentExplanation> {
    const { net, schema } = this.ready();
    const steps = numberIn('steps', options.steps ?? 32, 1, 1024, true);
    return integratedGradients(net, schema, row, steps);
  }

  async permutationImportance(rows: IntentRow[], labels: ArrayLike<number | boolean>, options: PermutationOptions = {}): Promise<PermutationImportance[]> {
    const { net, schema } = this.ready();
    const y = toLabels(labels, checkRows(rows).length);
    return permutationImportance(net, schema, rows, y, {
      repeats: numberIn('repeats', options.repeats ?? 3, 1, 100, true),
      metric: oneOf('metric', options.metric ?? 'rocAuc', ['rocAuc', 'prAuc', 'logLoss'] as const),
      seed: numberIn('seed', options.seed ?? 1, 0, 2 ** 31, true),
      signal: options.signal,
    });
  }

  async adapt(rows: IntentRow[], outcomes: ArrayLike<number | boolean>, options: AdaptOptions = {}): Promise<AdaptReport> {
    const { net, schema, metadata } = this.ready();
    const y = toLabels(outcomes, checkRows(rows).length, 'outcomes');
    const steps = numberIn('steps', options.steps ?? 10, 1, 100, true);
    const learningRate = numberIn('learningRate', options.learningRate ?? 5e-4, 1e-7, 0.01);
    const result = await fineTune(net, encodeRows(schema, rows), y, metadata.featureNames.length, steps, learningRate);
    const state = this.ready();
    state.metadata = markAdapted(state.metadata, new Date()); // its weights are now the shopper's data
    return { steps, ...result };
  }

  reset(): void {
    const state = this.ready();
    if (this.shipped) state.net.setWeights(this.shipped);
    state.metadata = { ...state.metadata, provenance: structuredClone(this.shippedProvenance) };
  }

  async save(url: string, options: IntentSaveOptions = {}): Promise<void> {
    const state = this.ready();
    await saveToIndexedDb(state, url, options);
  }

  async toFiles(options: IntentSaveOptions = {}): Promise<IntentModelFiles> {
    return modelFiles(this.ready(), options);
  }

  dispose(): void {
    if (this.shipped) tf.dispose(this.shipped);
    this.state?.net.dispose();
    this.shipped = null;
    this.state = null;
  }
}

/** The public face of a model: the DISPOSED guard around the class. */
export function guarded(model: IntentModelImpl): IntentModel {
  return guardDisposed(model, 'Intent model', 'Load or train a new model.');
}
