/** Recommendations: the public names of src/recommend. */
export { trainRecommender } from './create.ts';
export type { EmbeddingsOptions, TrainRecommenderOptions, TrainProgress } from './create.ts';
export type { Recommender, RecommenderFiles, RecommendOptions } from './recommender.ts';
export { loadRecommender } from './persistence.ts';
export type { EmbeddingsSource, LoadRecommenderOptions, RecommenderMetadata } from './persistence.ts';
export { decodeEmbeddings, encodeEmbeddings } from './embedding-format.ts';
export type { ItemEmbeddings } from './embedding-format.ts';
export { trendingProducts } from './lists.ts';
export type { ListOptions, ProductInfo, RecommendedProduct, TrendingEvent, TrendingOptions } from './lists.ts';
export { coverage, rankOf, rankingMetrics } from './metrics.ts';
export type { RankingMetrics } from './metrics.ts';
export { leaveOneOut, parseSequences } from './dataset.ts';
export type { LeaveOneOutSplit, RankingCase, SequenceData } from './dataset.ts';
