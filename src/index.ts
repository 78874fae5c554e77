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
  TrainProgress,
  TrendingEvent,
  TrendingOptions,
} from './recommend/index.ts';
