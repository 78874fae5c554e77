/** Public types of purchase intent. */
import type { FileManifest } from '../core/files/manifest.ts';
import type { IntentMetrics } from './metrics.ts';
import type { Activation } from './network.ts';
import type { LoadOptions, ModelFiles } from '../core/lifecycle.ts';
import type { DerivedColumn, FeatureSchema, IntentRow, SchemaColumn, ShopNumericColumn } from './schema.ts';
import type { IntentColumn } from './uci-columns.ts';

/** The architecture half of {@link IntentTrainOptions}. */
export interface IntentArchitectureOptions {
  /** Units of each hidden Dense layer; `[]` gives logistic regression. @default [64, 64] */
  hidden?: number[];
  /** Activation of the hidden layers. @default 'relu' */
  activation?: Activation;
  /** Adam learning rate. @default 0.001 */
  learningRate?: number;
  /** L2 penalty on the kernels, added to the loss. @default 0.001 */
  l2?: number;
  /** Seed of the weight initialisers, the validation split and the batch order. @default 1 */
  seed?: number;
  /** UCI columns to leave out of the schema (e.g. `['PageValues']` for an ablation). @default [] */
  exclude?: IntentColumn[];
  /** Derived and shop columns to read beside the UCI ones (see `DERIVED_COLUMNS`, `SHOP_NUMERIC_COLUMNS`). @default [] */
  include?: (DerivedColumn | ShopNumericColumn)[];
  /** How numeric columns are scaled: log1p and standardise, or training quantiles as normal scores (schema.ts `FitSchemaOptions`). @default 'standard' */
  scaling?: 'standard' | 'quantile';
}

/** Progress of `trainIntentModel()`, once per epoch. */
export interface IntentTrainProgress {
  epoch: number;
  /** The most epochs this fit may run. */
  epochs: number;
  /** Mean training loss of the epoch (class-weighted BCE + L2). */
  loss: number;
  /** Class-weighted BCE on the validation rows; null without validation. */
  valLoss: number | null;
  /** With `ensemble` above 1: which member (1-based) is training, of how many. */
  member?: number;
  members?: number;
}

/** Options of `trainIntentModel()`: the architecture and how to train it. */
export interface IntentTrainOptions extends IntentArchitectureOptions {
  /** Most epochs to run. @default 100 */
  epochs?: number;
  /** Rows per Adam step. @default 128 */
  batchSize?: number;
  /**
   * Fraction of the rows held out (stratified, seeded) for early stopping and choosing the threshold.
   * Ignored when `validationData` is given. @default 0.2
   */
  validationSplit?: number;
  /** Explicit validation rows and labels instead of `validationSplit`. */
  validationData?: { rows: IntentRow[]; labels: ArrayLike<number | boolean> };
  /**
   * Loss weight per class: 'none' weighs all rows 1 and answers the imbalance (buyers are ~15 %) by choosing the
   * decision threshold on validation data, which keeps scores calibrated probabilities; 'balanced' weighs each
   * class by n / (2 · its count); or explicit `{ 0: w0, 1: w1 }`. On UCI validation splits (5 seeds) 'none' scored
   * ROC-AUC 0.933 / PR-AUC 0.740 against 0.931 / 0.729 for 'balanced'.
   * @default 'none'
   */
  classWeight?: 'balanced' | 'none' | { 0: number; 1: number };
  /** Stop after this many epochs without a better validation loss and restore the best epoch's weights; false to run all epochs. @default { patience: 10 } */
  earlyStopping?: { patience: number } | false;
  /**
   * Networks to train and average (each the same architecture, its own seed): the saved model is one network
   * holding the members side by side and their mean. @default 1
   */
  ensemble?: number;
  /**
   * How members get validation rows: 'shared', the one validation split (or `validationData`) for all; 'folds',
   * K-fold on all the rows (member k stops early on fold k, the threshold is chosen on out-of-fold scores), so every
   * row trains K−1 members. @default 'shared'
   */
  ensembleSplit?: 'shared' | 'folds';
  /** How the decision threshold is chosen on the validation rows: the one maximising F1, or a fixed number. @default 'f1' */
  threshold?: 'f1' | number;
  onProgress?: (progress: IntentTrainProgress) => void;
  signal?: AbortSignal;
}

/** What training did: `metadata.training` of a model made by `trainIntentModel()` (null for old shipped files). */
export interface IntentTraining {
  rows: number;
  positives: number;
  validationRows: number;
  classWeight: [number, number];
  /** Epochs run. */
  epochs: number;
  /** The epoch whose weights were kept. */
  bestEpoch: number;
  batchSize: number;
  learningRate: number;
  l2: number;
  seed: number;
  /** Wall-clock training time (absent in files saved before 0.x lifecycle). */
  ms?: number;
  /** Per epoch: losses, validation ROC-AUC / PR-AUC, seconds since the fit began; `member` with an ensemble. */
  history?: { epoch: number; loss: number; valLoss: number | null; valRocAuc?: number; valPrAuc?: number; seconds?: number; member?: number }[];
  /** With `ensemble` above 1: how members were validated, and each member's seed and epochs. */
  ensemble?: { split: 'shared' | 'folds'; members: { seed: number; epochs: number; bestEpoch: number }[] };
}

/** One feature's share of a prediction. */
export interface IntentAttribution {
  /** The column (UCI, derived or shop). */
  feature: SchemaColumn;
  /** The value the row had (null when it was missing and imputed). */
  value: number | string | null;
  /** Contribution to the probability, relative to the baseline session; the attributions sum to ≈ score − baselineScore. */
  attribution: number;
}

export interface IntentExplanation {
  /** The predicted purchase probability. */
  score: number;
  /** The probability of the baseline: a session with every numeric column at its training mean and no category. */
  baselineScore: number;
  /** One per UCI column, largest |attribution| first. */
  attributions: IntentAttribution[];
}

export interface ExplainOptions {
  /** Integrated-gradients steps (Riemann midpoints). @default 32 */
  steps?: number;
}

export interface PermutationImportance {
  feature: SchemaColumn;
  /** Mean drop of the metric when this column is shuffled across rows (positive = the model relies on it). */
  importance: number;
  sd: number;
}

export interface PermutationOptions {
  /** Shuffles per column. @default 3 */
  repeats?: number;
  /** @default 'rocAuc' */
  metric?: 'rocAuc' | 'prAuc' | 'logLoss';
  /** @default 1 */
  seed?: number;
  signal?: AbortSignal;
}

export interface AdaptOptions {
  /** Full-batch Adam steps, at most 100. @default 10 */
  steps?: number;
  /** Kept small so a few outcomes nudge, not overwrite, the shipped model. @default 0.0005 */
  learningRate?: number;
}

export interface AdaptReport {
  steps: number;
  /** Unweighted log loss on the given outcomes before and after. */
  lossBefore: number;
  lossAfter: number;
}

/** What `metadata.json` holds. */
export interface IntentMetadata {
  format: 'storefront-ml/purchase-intent';
  version: 1;
  featureSchema: FeatureSchema;
  /** Encoded input columns, in model order. */
  featureNames: string[];
  threshold: number;
  /** `members`: an ensemble's network count (absent for one network). */
  architecture: { hidden: number[]; activation: Activation; members?: number };
  training: IntentTraining | null;
  /** Metrics by split name, e.g. `{ validation, test }`. */
  metrics: Record<string, IntentMetrics>;
  /** Where the model came from: data, its checksum, split, seed, code version… */
  provenance: Record<string, unknown>;
  /** Hosted files only: size and SHA-256 of model.json and weights.bin, checked on load (toFiles() writes it). */
  files?: FileManifest;
}

export interface IntentSaveOptions {
  /** Extra metrics to record in metadata.json (merged with the validation metrics from fit). */
  metrics?: Record<string, IntentMetrics>;
  provenance?: Record<string, unknown>;
}

/** The files of a saved model, for hosting at a URL: `model.json`, `weights.bin`, `metadata.json`. */
export interface IntentModelFiles extends ModelFiles {
  'model.json': string;
  'weights.bin': Uint8Array;
  'metadata.json': string;
}

/** Options of `loadIntentModel()`: the shared loader options. */
export type LoadIntentModelOptions = LoadOptions;

/**
 * A trained purchase-intent model, from `trainIntentModel()` or `loadIntentModel()`. Holds tensors: call
 * `dispose()` when done; any use afterwards throws DISPOSED.
 */
export interface IntentModel {
  /** The decision threshold `classify()` and `evaluate()` use. */
  readonly threshold: number;
  /** What `metadata.json` holds: schema, threshold, architecture, training, metrics, provenance (a copy). */
  readonly metadata: IntentMetadata;
  /** Purchase probability of one session. */
  predict(row: IntentRow): Promise<number>;
  predictBatch(rows: IntentRow[]): Promise<Float32Array>;
  /** `{ label: 'purchase' | 'no_purchase', score }` at the model's threshold. */
  classify(row: IntentRow): Promise<{ label: 'purchase' | 'no_purchase'; score: number }>;
  evaluate(rows: IntentRow[], labels: ArrayLike<number | boolean>, options?: { threshold?: number }): Promise<IntentMetrics>;
  /** Per-prediction attributions (integrated gradients) by UCI column. */
  explain(row: IntentRow, options?: ExplainOptions): Promise<IntentExplanation>;
  /** Global importance: the metric's drop when each column is shuffled. Largest first. */
  permutationImportance(rows: IntentRow[], labels: ArrayLike<number | boolean>, options?: PermutationOptions): Promise<PermutationImportance[]>;
  /**
   * Adaptation, not training: nudges the weights towards this shopper's own outcomes in at most 100 small Adam
   * steps, keeping the schema, the threshold and the architecture; `reset()` undoes it. To train, use
   * `trainIntentModel()`.
   */
  adapt(rows: IntentRow[], outcomes: ArrayLike<number | boolean>, options?: AdaptOptions): Promise<AdaptReport>;
  /** Restores the weights as trained or loaded, undoing `adapt()`. */
  reset(): void;
  /** Saves to `indexeddb://name` (metadata travels inside the stored model). */
  save(target: string, options?: IntentSaveOptions): Promise<void>;
  /** The files to host in one folder; load them back with `loadIntentModel('<folder>/')`. */
  toFiles(options?: IntentSaveOptions): Promise<IntentModelFiles>;
  /** Frees the tensors. Idempotent. */
  dispose(): void;
}
