/**
 * storefront-ml: on-device machine learning for online shops. The root entry holds what a shop needs to run the
 * models: factories, loaders, the types shoppers' data and results have, and the errors. Each capability's full
 * surface is its own subpath (`storefront-ml/history`, `/intent`, `/recommend`, `/vision`, `/assistant`, `/runtime`),
 * and the evaluation and data-set tools are in `storefront-ml/eval`. Importing this module has no side effects:
 * nothing touches window, document or the TensorFlow.js backend until you call a function.
 *
 * One block per capability, so that adding a name touches one block only.
 */

// Errors
export { StorefrontError, isStorefrontError, ERROR_CODES } from './core/errors.ts';
export type { ErrorCode, StorefrontErrorOptions } from './core/errors.ts';

// The lifecycle every model shares: loadX(source, options) / trainX(data, options) → save, toFiles, dispose
export type { LoadOptions, LoadProgress, ModelFiles } from './core/lifecycle.ts';

// Runtime
export { initRuntime, getRuntimeInfo } from './runtime/index.ts';
export type { BackendName, RuntimeInfo, RuntimeOptions } from './runtime/index.ts';

// History
export { openHistory } from './history/index.ts';
export type {
  ConsentState,
  EventType,
  HistoryOptions,
  HistoryReader,
  HistoryStore,
  PageKind,
  ShopperEvent,
  StoredEvent,
} from './history/index.ts';

// Purchase intent
export { loadIntentModel, sessionFeatures, trainIntentModel, watchIntent } from './intent/index.ts';
export type {
  IntentCrossing,
  IntentMetadata,
  IntentModel,
  IntentTrainOptions,
  LoadIntentModelOptions,
  IntentRow,
  IntentWatcher,
  IntentWatcherOptions,
  PageStats,
  SessionFeatureContext,
  SessionFeatures,
} from './intent/index.ts';

// Recommendations
export {
  loadRecommender,
  trainRecommender,
  trendingProducts,
} from './recommend/index.ts';
export type {
  EmbeddingsSource,
  ItemEmbeddings,
  LoadRecommenderOptions,
  RecommendOptions,
  RecommendedProduct,
  Recommender,
  RecommenderTrainProgress,
  TrainRecommenderOptions,
  TrendingEvent,
  TrendingOptions,
} from './recommend/index.ts';

// Vision
export {
  createFewShotClassifier,
  loadFewShotClassifier,
  loadImageModel,
  openCategoryStore,
  openVisualIndex,
} from './vision/index.ts';
export type {
  CatalogProduct,
  CategoryStore,
  FewShotClassifier,
  FewShotPrediction,
  FewShotTrainer,
  ImageInput,
  ImageLabel,
  ImageModel,
  LoadImageModelOptions,
  OpenVisualIndexOptions,
  ProductMetadata,
  VisualIndex,
  VisualSearchHit,
  VisualSearchOptions,
} from './vision/index.ts';

// Assistant
export { loadAssistant, trainAssistant } from './assistant/index.ts';
export type {
  Assistant,
  AssistantAnswer,
  AssistantContent,
  AssistantTrainProgress,
  LoadAssistantOptions,
  TrainAssistantOptions,
} from './assistant/index.ts';

// Everything storefront-ml stores on this origin, for the shop's "erase my data" button (also on /history)
export { eraseAllData, listStoredData } from './history/index.ts';
export type { DerivedModelExport, EraseOptions, EraseReport, StoredData, StoredDataKind } from './history/index.ts';
