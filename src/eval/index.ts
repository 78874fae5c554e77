/**
 * Evaluation and data-set tools (`storefront-ml/eval`): metrics, splits and parsers for measuring models offline.
 * Nothing here is needed to run a model in the shop.
 */
// Seeded randomness: reproducible splits and simulated data.
export { seededRandom, stratifiedSplit } from '../core/random.ts';

// Purchase intent: classification metrics and the UCI Online Shoppers CSV.
export {
  computeMetrics, confusionMatrix, rocAuc, averagePrecision, logLoss, brierScore, chooseThreshold, mccOf,
} from '../intent/metrics.ts';
export type { ConfusionMatrix, IntentMetrics } from '../intent/metrics.ts';
export { parseUciCsv } from '../intent/uci.ts';
export type { UciData } from '../intent/uci.ts';

// Recommendations: ranking metrics and the sequence data sets.
export { coverage, rankOf, rankingMetrics } from '../recommend/metrics.ts';
export type { RankingMetrics } from '../recommend/metrics.ts';
export { leaveOneOut, parseSequences } from '../recommend/dataset.ts';
export type { LeaveOneOutSplit, RankingCase, SequenceData } from '../recommend/dataset.ts';

// History: public e-commerce event logs (REES46 and the like) as shopper events.
export { ECOMMERCE_CSV_COLUMNS, importEcommerceCsv } from '../history/csv-import.ts';
export type { CsvImportOptions, CsvImportResult } from '../history/csv-import.ts';
