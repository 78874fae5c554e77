/**
 * The shop's pipeline, pure and browser-safe (`storefront-ml/pipeline`): reading event logs from text, and what
 * turns them into training data and held-out evaluations. The `storefront-ml` CLI (src/cli, Node-only) is built on it.
 * One block per module, so that parallel additions merge cleanly.
 */

// Event logs
export {
  DEFAULT_INTERACTION_TYPES,
  EVENT_LOG_FORMATS,
  detectEventLogFormat,
  readEventLog,
  userSequences,
} from './event-log.ts';
export type {
  EventLog,
  EventLogFormat,
  LogEvent,
  ReadEventLogOptions,
  SkippedRow,
  UserSequences,
  UserSequencesOptions,
} from './event-log.ts';

// The catalogue the recommender learns attributes from: the log's categories and brands, or an attributes file
export { catalogFromAttributes, catalogFromEvents } from './catalog.ts';

// Purchase-intent datasets: sessions → prediction points → rows and labels, split, metrics per point
export {
  DEFAULT_PREDICTION_POINTS,
  LOG_MODEL_EXCLUDE,
  LOG_MODEL_INCLUDE,
  intentDataset,
  metricsByPoint,
  prefixAt,
  rowsByPoint,
  sessionsOf,
  splitIntentDataset,
  takeRows,
} from './intent-dataset.ts';
export type {
  DatasetEvent,
  IntentDataset,
  IntentDatasetOptions,
  LogSession,
  PointMetrics,
  PointMetricsOptions,
  PredictionPoint,
  SplitOptions,
} from './intent-dataset.ts';

// Held-out evaluation of recommenders (leave-one-out, against popularity and item-kNN)
export { baselineMetrics, holdoutEvents, listerMetrics, splitLeaveOneOut } from './recommend-holdout.ts';
export type { HoldoutMetrics, HoldoutOptions, StringSplit, TopLister } from './recommend-holdout.ts';

// Evaluation reports (what `storefront-ml evaluate` writes): curves, report data, the self-contained HTML page
export {
  REPORT_FORMAT, calibrationTable, cutoffs, intentReport, prCurve, recommendReport, renderReportHtml, rocAucStandardError, rocCurve,
  thinCurve, wilsonInterval,
} from './report/index.ts';
export type {
  CalibrationBin, EvaluationReport, IntentPointReport, IntentReport, IntentReportOptions, MeasuredSeries, PrPoint, RankingSeries,
  RecommendReport, RecommendRun, ReportHeader, RocPoint, ScoredPoint,
} from './report/index.ts';
