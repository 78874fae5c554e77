/**
 * Recommendations: the public surface of src/recommend (`storefront-ml/recommend`). Ranking metrics and the sequence
 * data sets are evaluation tools, exported from `storefront-ml/eval`.
 */
export { createRecommender, fromEmbeddings } from './create.ts';
export type {
  CreateRecommenderOptions, FromEmbeddingsOptions, RecommenderTrainOptions, RecommenderTrainProgress, TrainableRecommender,
} from './create.ts';
export type { Recommender, RecommendOptions } from './recommender.ts';
export { exportRecommender, loadEmbeddings, loadRecommender, saveRecommender } from './persistence.ts';
export type { RecommenderMetadata } from './persistence.ts';
export { decodeEmbeddings, encodeEmbeddings } from './embedding-format.ts';
export type { ItemEmbeddings } from './embedding-format.ts';
export { trendingProducts } from './lists.ts';
export type { ListOptions, ProductInfo, RecommendedProduct, TrendingEvent, TrendingOptions } from './lists.ts';
