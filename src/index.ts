/**
 * storefront-ml: on-device machine learning for online shops. One public entry; every capability is exported
 * from here by name. Importing this module has no side effects: nothing touches window, document or the
 * TensorFlow.js backend until you call a function.
 */
export { StorefrontError, isStorefrontError, ERROR_CODES } from './core/errors.ts';
export type { ErrorCode, StorefrontErrorOptions } from './core/errors.ts';
export { initRuntime, getRuntimeInfo, ensureRuntime } from './runtime/index.ts';
export type {
  BackendAttempt,
  BackendChoice,
  BackendName,
  RuntimeInfo,
  RuntimeOptions,
  WasmBinaryName,
  WasmFileMap,
  WebGpuAdapterReport,
} from './runtime/index.ts';
export {
  createIntentModel,
  loadIntentModel,
  watchIntent,
  fitSchema,
  encodeRows,
  encodedNames,
  computeMetrics,
  confusionMatrix,
  rocAuc,
  averagePrecision,
  logLoss,
  brierScore,
  chooseThreshold,
  parseUciCsv,
  stratifiedSplit,
  NUMERIC_COLUMNS,
  CATEGORICAL_COLUMNS,
} from './intent/index.ts';
export type {
  AdaptOptions,
  AdaptReport,
  ConfusionMatrix,
  ExplainOptions,
  FeatureSchema,
  IntentAttribution,
  IntentColumn,
  IntentCrossing,
  IntentExplanation,
  IntentFitOptions,
  IntentFitProgress,
  IntentFitReport,
  IntentMetadata,
  IntentMetrics,
  IntentModel,
  IntentModelFiles,
  IntentModelOptions,
  IntentRow,
  IntentSaveOptions,
  IntentWatcher,
  IntentWatcherOptions,
  PermutationImportance,
  PermutationOptions,
} from './intent/index.ts';
