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
