/**
 * Report data of a recommender on the leave-one-out split: HR@K and NDCG@K for every K of the model and the
 * popularity and item-kNN baselines on the same test cases, as ../recommend-holdout.ts measures them (the
 * held-out evaluation `train recommend` writes into the metadata, at more cut-offs). Pure.
 */
import { StorefrontError } from '../../core/errors.ts';
import type { HoldoutMetrics } from '../recommend-holdout.ts';
import type { RankingSeries, RecommendReport, ReportHeader } from './types.ts';

/** K = 1 … max. */
export const cutoffs = (max = 50): number[] => Array.from({ length: max }, (_, i) => i + 1);

/** One ranker's HR@K and NDCG@K at the report's cut-offs (listerMetrics / baselineMetrics of recommend-holdout.ts). */
export interface MeasuredSeries {
  name: string;
  role: 'model' | 'baseline';
  metrics: HoldoutMetrics;
}

/** What {@link recommendReport} summarises. */
export interface RecommendRun {
  /** Ascending cut-offs. @default cutoffs(50) */
  ks?: number[];
  numItems: number;
  /** Test targets the model does not know. @default 0 */
  unknownTargets?: number;
  series: readonly MeasuredSeries[];
}

export function recommendReport(header: ReportHeader, run: RecommendRun): RecommendReport {
  const ks = run.ks ?? cutoffs(50);
  if (ks.length === 0 || ks.some((k, i) => !Number.isInteger(k) || k < 1 || (i > 0 && k <= (ks[i - 1] as number)))) {
    throw new StorefrontError('INVALID_OPTION', `Recommender report: ks is ${JSON.stringify(ks)}. Pass ascending positive integers, e.g. [1, 5, 10, 20, 50].`);
  }
  const cases = run.series[0]?.metrics.cases ?? 0;
  if (cases === 0 || run.series.some((s) => s.metrics.cases !== cases)) {
    throw new StorefrontError('INVALID_INPUT', 'Recommender report: every ranker needs the same test cases, at least one. Use event logs with shoppers of 3 or more products.');
  }
  const missing = run.series.flatMap((s) => ks.filter((k) => s.metrics.hr[k] === undefined || s.metrics.ndcg[k] === undefined).map((k) => `${s.name}@${k}`));
  if (missing.length > 0) {
    throw new StorefrontError('INVALID_INPUT', `Recommender report: no HR/NDCG for ${missing.slice(0, 3).join(', ')}. Measure every ranker at the report's ks.`);
  }
  const series: RankingSeries[] = run.series.map((s) => ({
    name: s.name, role: s.role, hr: ks.map((k) => s.metrics.hr[k] as number), ndcg: ks.map((k) => s.metrics.ndcg[k] as number),
  }));
  const notes: string[] = [];
  const unknownTargets = run.unknownTargets ?? 0;
  if (unknownTargets > 0) {
    notes.push(`${unknownTargets} of ${cases} test targets are products the model was not trained on; they count as misses for the model.`);
  }
  if (cases < 1000) {
    notes.push(`${cases} test cases: an HR@10 of 0.05 is ± ${(1.96 * Math.sqrt(0.05 * 0.95 / cases)).toFixed(3)} (95 %), so small gaps between rankers are noise.`);
  }
  return { ...header, kind: 'recommender', ks, cases, numItems: run.numItems, unknownTargets, series, notes };
}
