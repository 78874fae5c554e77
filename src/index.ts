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
export { EVENT_TYPES, PAGE_KINDS } from './history/types.ts';
export type { EventType, HistoryChange, HistoryReader, PageKind, ShopperEvent, StoredEvent } from './history/types.ts';
export { EVENT_LIMITS, validateEvent } from './history/validate-event.ts';
export { DEFAULT_SESSION_GAP_MS, segmentSessions } from './history/sessions.ts';
export type { Session } from './history/sessions.ts';
export {
  SESSION_FEATURE_NAMES,
  SHOP_FEATURE_NAMES,
  UCI_FEATURE_NAMES,
  isPageView,
  pageKindOf,
  sessionFeatures,
} from './history/features.ts';
export type { PageStats, SessionFeatureContext, SessionFeatures, VisitFacts, VisitorType } from './history/features.ts';
export { UCI_MONTHS } from './history/calendar.ts';
export type { SpecialDate, TimeZoneChoice, UciMonth } from './history/calendar.ts';
export {
  DEFAULT_CATEGORICAL,
  applyScaler,
  applyScalerRows,
  fitScaler,
  scalerFromJSON,
  scalerToJSON,
} from './history/scaler.ts';
export type { CategoricalColumn, FeatureScaler, NumericColumn, ScalerOptions } from './history/scaler.ts';
export { ECOMMERCE_CSV_COLUMNS, importEcommerceCsv } from './history/csv-import.ts';
export type { CsvImportOptions, CsvImportResult } from './history/csv-import.ts';
export { openHistory } from './history/store.ts';
export type {
  ConsentState,
  CorruptRecord,
  HistoryExport,
  HistoryOptions,
  HistoryStats,
  HistoryStore,
  ImportOptions,
  ReadOptions,
  RetentionPolicy,
} from './history/store-types.ts';
export { SCHEMA_VERSION as HISTORY_SCHEMA_VERSION } from './history/schema.ts';
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
export {
  createRecommender,
  fromEmbeddings,
  loadRecommender,
  saveRecommender,
  exportRecommender,
  loadEmbeddings,
  encodeEmbeddings,
  decodeEmbeddings,
  trendingProducts,
  rankOf,
  rankingMetrics,
  coverage,
  parseSequences,
  leaveOneOut,
} from './recommend/index.ts';
export type {
  CreateRecommenderOptions,
  FromEmbeddingsOptions,
  ItemEmbeddings,
  LeaveOneOutSplit,
  ListOptions,
  ProductInfo,
  RankingCase,
  RankingMetrics,
  RecommendOptions,
  RecommendedProduct,
  Recommender,
  RecommenderMetadata,
  RecommenderTrainOptions,
  SequenceData,
  TrainableRecommender,
  TrainProgress as RecommenderTrainProgress,
  TrendingEvent,
  TrendingOptions,
} from './recommend/index.ts';
export {
  loadImageModel,
  openVisualIndex,
  createFewShotClassifier,
  importFewShotClassifier,
  openCategoryStore,
  MAX_IMAGE_SIDE,
} from './vision/index.ts';
export type {
  CatalogProduct,
  CategoryStore,
  ClassifyOptions,
  EmbedBatchOptions,
  FetchProgress,
  FewShotClassifier,
  FewShotFile,
  FewShotOptions,
  FewShotPrediction,
  ImageFit,
  ImageInput,
  ImageLabel,
  ImageModel,
  LabelScore,
  LoadImageModelOptions,
  OpenVisualIndexOptions,
  ProductMetadata,
  PutManyOptions,
  VisionModelFile,
  VisionModelMetadata,
  VisualIndex,
  VisualSearchHit,
  VisualSearchOptions,
} from './vision/index.ts';
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
  TrainProgress as AssistantTrainProgress,
} from './assistant/index.ts';
// Everything storefront-ml stores on this origin, for the shop's "erase my data" button.
export { eraseAllData, listStoredData } from './core/storage/stored-data.ts';
export type { EraseOptions, EraseReport } from './core/storage/stored-data.ts';
export type { StoredData, StoredDataKind } from './core/storage/database.ts';
