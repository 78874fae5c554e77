/**
 * Evaluation reports: the data (curves, reliability table, HR@K / NDCG@K against K) and the self-contained HTML
 * page that draws it. Pure and browser-safe; `storefront-ml evaluate` writes both to disk.
 */
export { calibrationTable, prCurve, rocAucStandardError, rocCurve, thinCurve, wilsonInterval } from './curves.ts';
export type { CalibrationBin, PrPoint, RocPoint } from './curves.ts';
export { intentReport } from './intent-report.ts';
export type { IntentReportOptions, ScoredPoint } from './intent-report.ts';
export { cutoffs, recommendReport } from './recommend-report.ts';
export type { MeasuredSeries, RecommendRun } from './recommend-report.ts';
export { renderReportHtml } from './html/page.ts';
export { REPORT_FORMAT } from './types.ts';
export type { EvaluationReport, IntentPointReport, IntentReport, RankingSeries, RecommendReport, ReportHeader } from './types.ts';
