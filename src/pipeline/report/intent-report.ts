/**
 * Report data of a purchase-intent model: per prediction point, the areas (from src/intent/metrics.ts), the curves
 * behind them, the reliability table, and what the sample size allows one to say. Pure.
 */
import { StorefrontError } from '../../core/errors.ts';
import { computeMetrics } from '../../intent/metrics.ts';
import { calibrationTable, prCurve, rocAucStandardError, rocCurve, thinCurve } from './curves.ts';
import type { IntentPointReport, IntentReport, ReportHeader } from './types.ts';

/** The scores of one prediction point with their labels (1 = the session went on to a purchase). */
export interface ScoredPoint {
  name: string;
  labels: ArrayLike<number>;
  scores: ArrayLike<number>;
}

/** Options of {@link intentReport}. */
export interface IntentReportOptions {
  /** Decision threshold of the counting metrics. @default 0.5 */
  threshold?: number;
  /** Reliability bins. @default 10 */
  bins?: number;
  /** Equal-count bins (`quantile`) or equal-width ones over [0, 1] (`uniform`). @default 'quantile' */
  binning?: 'quantile' | 'uniform';
  /** Curves are thinned to this resolution in both axes (0 keeps every point). @default 0.002 */
  resolution?: number;
}

/** Positives (or negatives) below which a point gets a caveat in the notes. */
const FEW = 100;

function pointReport(p: ScoredPoint, threshold: number, bins: number, binning: 'quantile' | 'uniform', resolution: number): IntentPointReport {
  const metrics = computeMetrics(p.labels, p.scores, threshold);
  const negatives = metrics.count - metrics.positives;
  return {
    name: p.name,
    count: metrics.count,
    positives: metrics.positives,
    baseRate: metrics.positives / metrics.count,
    rocAuc: metrics.rocAuc,
    rocAucStandardError: rocAucStandardError(metrics.rocAuc, metrics.positives, negatives),
    prAuc: metrics.prAuc,
    metrics,
    roc: thinCurve(rocCurve(p.labels, p.scores), (q) => q.fpr, (q) => q.tpr, resolution),
    pr: thinCurve(prCurve(p.labels, p.scores), (q) => q.recall, (q) => q.precision, resolution),
    calibration: calibrationTable(p.labels, p.scores, bins, binning),
  };
}

/** Below this many of a class, no interval is worth printing. */
const TOO_FEW = 5;

const fmt = (x: number) => x.toFixed(3);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** False when a point holds one class only: its ROC-AUC (0.5 by convention) and PR-AUC describe nothing. */
export const hasBothClasses = (p: Pick<IntentPointReport, 'positives' | 'count'>): boolean => p.positives > 0 && p.positives < p.count;

/** What a point's sample size allows: one sentence each where it matters, and how to read them. */
function notesOf(points: readonly IntentPointReport[]): string[] {
  const notes: string[] = [];
  let small = false;
  for (const p of points) {
    const negatives = p.count - p.positives;
    if (p.positives === 0 || negatives === 0) {
      notes.push(`${p.name}: only one class is present (${p.positives} of ${p.count} positive), so ROC-AUC and PR-AUC say nothing.`);
    } else if (Math.min(p.positives, negatives) < TOO_FEW) {
      notes.push(`${p.name}: ${plural(p.positives, 'purchase')} of ${p.count}; too few of a class for ROC-AUC or PR-AUC to mean anything.`);
    } else if (p.positives < FEW || negatives < FEW) {
      small = true;
      notes.push(`${p.name}: ${plural(p.positives, 'purchase')} of ${p.count}; ROC-AUC ${fmt(p.rocAuc)} ± ${fmt(1.96 * p.rocAucStandardError)} (95 %).`);
    }
  }
  if (small) {
    notes.push(`Intervals are Hanley–McNeil's at these class sizes (fewer than ${FEW} of a class): differences smaller than them are noise, and another sample of this size may rank the points differently.`);
  }
  return notes;
}

/** The report of a purchase-intent model over one or more prediction points. */
export function intentReport(header: ReportHeader, points: readonly ScoredPoint[], options: IntentReportOptions = {}): IntentReport {
  if (points.length === 0) {
    throw new StorefrontError('INVALID_INPUT', 'Intent report: no prediction points. Pass at least one set of labels and scores.');
  }
  const threshold = options.threshold ?? 0.5;
  const reports = points.map((p) => pointReport(p, threshold, options.bins ?? 10, options.binning ?? 'quantile', options.resolution ?? 0.002));
  return { ...header, kind: 'purchase-intent', threshold, binning: options.binning ?? 'quantile', points: reports, notes: notesOf(reports) };
}
