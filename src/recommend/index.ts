/** Recommendations: the public names of src/recommend. */
export { createRecommender, fromEmbeddings } from './create.ts';
export type { CreateRecommenderOptions, FromEmbeddingsOptions, RecommenderTrainOptions, TrainableRecommender, TrainProgress } from './create.ts';
export type { Recommender, RecommendOptions } from './recommender.ts';
export { exportRecommender, loadEmbeddings, loadRecommender, saveRecommender } from './persistence.ts';
export type { LoadEmbeddingsOptions, LoadRecommenderOptions } from './persistence.ts';
export type { FetchProgress, FileManifest, ModelFile, ModelFileOptions } from '../core/files/index.ts';
export type { RecommenderMetadata } from './persistence.ts';
export { decodeEmbeddings, encodeEmbeddings } from './embedding-format.ts';
export type { ItemEmbeddings } from './embedding-format.ts';
export { trendingProducts } from './lists.ts';
export type { ListOptions, ProductInfo, RecommendedProduct, TrendingEvent, TrendingOptions } from './lists.ts';
export { coverage, rankOf, rankingMetrics } from './metrics.ts';
export type { RankingMetrics } from './metrics.ts';
export { leaveOneOut, parseSequences } from './dataset.ts';
export type { LeaveOneOutSplit, RankingCase, SequenceData } from './dataset.ts';
