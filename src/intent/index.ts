export { createIntentModel } from './model.ts';
export { loadIntentModel, type LoadIntentModelOptions } from './io.ts';
export type { FetchProgress, FileManifest, ModelFile, ModelFileOptions } from '../core/files/index.ts';
export { watchIntent, crossings } from './watcher.ts';
export { fitSchema, encodeRows, encodedNames, NUMERIC_COLUMNS, CATEGORICAL_COLUMNS, MONTHS } from './schema.ts';
export {
  computeMetrics, confusionMatrix, rocAuc, averagePrecision, logLoss, brierScore, chooseThreshold, mccOf,
} from './metrics.ts';
export { parseUciCsv, stratifiedSplit } from './uci.ts';
export type { ConfusionMatrix, IntentMetrics } from './metrics.ts';
export type { FeatureSchema, IntentColumn, IntentRow, NumericEncoding, CategoricalEncoding, FitSchemaOptions } from './schema.ts';
export type { Activation } from './network.ts';
export type { IntentCrossing, IntentWatcher, IntentWatcherOptions } from './watcher.ts';
export type { UciData } from './uci.ts';
export type {
  AdaptOptions, AdaptReport, ExplainOptions, IntentAttribution, IntentExplanation, IntentFitOptions, IntentFitProgress,
  IntentFitReport, IntentMetadata, IntentModel, IntentModelFiles, IntentModelOptions, IntentSaveOptions,
  PermutationImportance, PermutationOptions,
} from './types.ts';
