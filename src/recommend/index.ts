/**
 * Recommendations: the public surface of src/recommend (`storefront-ml/recommend`). Ranking metrics and the sequence
 * data sets are evaluation tools, exported from `storefront-ml/eval`.
 */
export { trainRecommender } from './create.ts';
export type { EmbeddingsOptions, TrainRecommenderOptions, RecommenderTrainProgress } from './create.ts';
export type { Recommender, RecommenderFiles, RecommendOptions } from './recommender.ts';
export { loadRecommender } from './persistence.ts';
export type { EmbeddingsSource, LoadRecommenderOptions, RecommenderMetadata } from './persistence.ts';
export type { FetchProgress, FileManifest, ModelFile, ModelFileOptions } from '../core/files/index.ts';
export { decodeEmbeddings, encodeEmbeddings } from './embedding-format.ts';
export type { ItemEmbeddings } from './embedding-format.ts';
export { trendingProducts } from './lists.ts';
export type { ListOptions, ProductInfo, RecommendedProduct, TrendingEvent, TrendingOptions } from './lists.ts';
