/**
 * Product vision: MobileNet classify/embed, visual search over the catalogue, few-shot shop categories. The public
 * surface of src/vision (`storefront-ml/vision`).
 */
export { loadImageModel, type LoadImageModelOptions } from './load-image-model.ts';
export type { ImageModel, ImageLabel, ClassifyOptions, EmbedBatchOptions, EmbedOptions } from './image-model.ts';
export type { EmbedAugment } from './augment.ts';
export type { ImageInput } from './preprocess.ts';
export { MAX_IMAGE_SIDE, type ImageFit } from './fit.ts';
export type { VisionModelMetadata, VisionModelFile } from './metadata.ts';
export type { FetchProgress, FileManifest, ModelFile, ModelFileOptions } from '../core/files/index.ts';
export { openVisualIndex } from './visual-index.ts';
export type {
  CatalogProduct,
  IndexedProduct,
  OpenVisualIndexOptions,
  ProductMetadata,
  PutManyOptions,
  VisualIndex,
  VisualSearchHit,
  VisualSearchOptions,
} from './visual-index-types.ts';
export { createFewShotClassifier, loadFewShotClassifier } from './few-shot.ts';
export type { FewShotAugment, FewShotClassifier, FewShotFile, FewShotHead, FewShotMetadata, FewShotOptions, FewShotPrediction, FewShotTrainer, LoadFewShotOptions } from './few-shot.ts';
export type { LabelScore } from './few-shot-knn.ts';
export { openCategoryStore, type CategoryStore } from './category-store.ts';
