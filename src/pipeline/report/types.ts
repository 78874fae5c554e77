/**
 * The evaluation report: what `storefront-ml evaluate` writes as report.json and draws as report.html. Plain JSON
 * data (no Infinity, no typed arrays), so the file reads back with `JSON.parse` as it was written.
 */
import type { IntentMetrics } from '../../intent/metrics.ts';
import type { CalibrationBin, PrPoint, RocPoint } from './curves.ts';

export const REPORT_FORMAT = 'storefront-ml/evaluation-report';

/** Where a report came from: enough to make it again. */
export interface ReportHeader {
  format: typeof REPORT_FORMAT;
  version: 1;
  /** The command line that made the report, as typed (quoted where needed). */
  command: string;
  /** ISO 8601 time of the run. */
  createdAt: string;
  /** The tool and its version, e.g. `{ name: 'storefront-ml', version: '0.1.0' }`. */
  tool: { name: string; version: string };
  model: {
    /** The model folder as given. */
    path: string;
    /** metadata.json's `format`. */
    format: string;
    /** metadata.json's `provenance` (or the recommender's `info`): data, checksums, seed, code version… */
    provenance: Record<string, unknown>;
    /** What the model's own metadata claims about its held-out quality, shown beside this run's numbers. */
    claimed?: Record<string, unknown>;
  };
  /**
   * Which rows were scored and how they relate to the model's training, in a sentence: "the held-out shoppers of
   * the split the model was trained on", or "every session of this log (the model was trained elsewhere)".
   */
  evaluatedOn: string;
  events: {
    path: string;
    /** The event-log format read, e.g. `ecommerce-csv`, `export`, `sequences`, `uci-csv`. */
    format: string;
    /** SHA-256 of the file, hex. */
    sha256?: string;
    /** Rows / lines read. */
    rows?: number;
  };
}

/** One prediction point of a purchase-intent evaluation (e.g. "after 3 events"), or the whole set. */
export interface IntentPointReport {
  name: string;
  count: number;
  positives: number;
  /** positives / count: the PR-AUC of a model that knows nothing. */
  baseRate: number;
  rocAuc: number;
  /** Hanley–McNeil standard error of the ROC-AUC at these class sizes. */
  rocAucStandardError: number;
  /** Average precision. */
  prAuc: number;
  /** Counting metrics at the model's decision threshold. */
  metrics: IntentMetrics;
  roc: RocPoint[];
  pr: PrPoint[];
  calibration: CalibrationBin[];
}

export interface IntentReport extends ReportHeader {
  kind: 'purchase-intent';
  /** The threshold the counting metrics used (the model's own). */
  threshold: number;
  /** How the reliability tables were binned: equal counts (`quantile`) or equal widths (`uniform`). */
  binning: 'quantile' | 'uniform';
  points: IntentPointReport[];
  /** Plain-language caveats: small samples, absent classes. */
  notes: string[];
}

/** One ranker's curve over K. */
export interface RankingSeries {
  name: string;
  role: 'model' | 'baseline';
  /** hr[i] is HR@ks[i]. */
  hr: number[];
  /** ndcg[i] is NDCG@ks[i]. */
  ndcg: number[];
}

export interface RecommendReport extends ReportHeader {
  kind: 'recommender';
  /** The cut-offs, ascending. */
  ks: number[];
  /** Leave-one-out test cases (users with at least 3 items). */
  cases: number;
  /** Items in the evaluation's catalogue (the events file's). */
  numItems: number;
  /** Test targets the model does not know (always a miss for it). */
  unknownTargets: number;
  series: RankingSeries[];
  notes: string[];
}

export type EvaluationReport = IntentReport | RecommendReport;
