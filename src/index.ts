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
export { DEFAULT_FEATURES, OUT_OF_SCOPE, SHOP_FAQ, extractEntities, loadAssistant, trainAssistant } from './assistant/index.ts';
export type {
  AnswerCandidate,
  AnswerReason,
  Assistant,
  AssistantAnswer,
  AssistantContent,
  AssistantInfo,
  AssistantLanguage,
  Entity,
  EntityType,
  FaqEntry,
  FeatureConfig,
  IntentDefinition,
  LabelledText,
  LocalizedText,
  TrainAssistantOptions,
  TrainProgress,
} from './assistant/index.ts';
