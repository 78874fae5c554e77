/**
 * The curves behind a binary classifier's report: ROC and precision–recall points, and a reliability
 * (calibration) table. Pure, runs in Node and in the browser. The areas come from src/intent/metrics.ts
 * (`rocAuc`, `averagePrecision`); these functions only draw what those numbers summarise, so the same conventions
 * hold: a score ≥ threshold predicts "purchase", ties share one threshold.
 */
import { StorefrontError } from '../../core/errors.ts';

/** One point of the ROC curve: the rates when every score ≥ `threshold` is called positive. */
export interface RocPoint {
  /** null above every score (nothing called positive); JSON has no Infinity. */
  threshold: number | null;
  fpr: number;
  tpr: number;
}

/** One point of the precision–recall curve at `threshold`. */
export interface PrPoint {
  /** null above every score. */
  threshold: number | null;
  recall: number;
  precision: number;
}

/** One bin of the reliability table: uniform bins hold scores in [lo, hi) (the last includes 1); quantile bins lo…hi. */
export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  positives: number;
  /** Mean score in the bin; null when the bin is empty. */
  meanScore: number | null;
  /** Share of positives in the bin; null when the bin is empty. */
  observedRate: number | null;
  /** Wilson 95 % interval of `observedRate`, so a bin of 3 sessions is not read like a bin of 3,000. */
  interval: [number, number] | null;
}

/** Cumulative counts at each distinct score, highest first. */
interface Step {
  threshold: number;
  tp: number;
  fp: number;
}

function checked(labels: ArrayLike<number>, scores: ArrayLike<number>): void {
  if (labels.length !== scores.length || labels.length === 0) {
    throw new StorefrontError('INVALID_INPUT', `Report curves: got ${labels.length} labels and ${scores.length} scores. Pass equally many, at least one.`);
  }
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] as number;
    if (!Number.isFinite(s)) {
      throw new StorefrontError('INVALID_INPUT', `Report curves: score ${i} is ${s}. Scores must be finite numbers.`, { details: { index: i } });
    }
  }
}

/** Walks the scores from the highest down, one step per distinct value. */
function steps(labels: ArrayLike<number>, scores: ArrayLike<number>): { steps: Step[]; positives: number; negatives: number } {
  checked(labels, scores);
  const pairs = Array.from({ length: scores.length }, (_, i) => [scores[i] as number, labels[i] === 1 ? 1 : 0] as const);
  pairs.sort((a, b) => b[0] - a[0]);
  const out: Step[] = [];
  let tp = 0;
  let fp = 0;
  pairs.forEach(([score, positive], i) => {
    if (positive) tp++;
    else fp++;
    const next = pairs[i + 1];
    if (next === undefined || next[0] !== score) out.push({ threshold: score, tp, fp });
  });
  return { steps: out, positives: tp, negatives: fp };
}

/**
 * ROC points from (0, 0) above every score to (1, 1), one per distinct score. With one class absent the rate of the
 * missing class is 0 throughout.
 */
export function rocCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): RocPoint[] {
  const { steps: s, positives, negatives } = steps(labels, scores);
  const rate = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return [
    { threshold: null, fpr: 0, tpr: 0 },
    ...s.map((p) => ({ threshold: p.threshold, fpr: rate(p.fp, negatives), tpr: rate(p.tp, positives) })),
  ];
}

/**
 * Precision–recall points, one per distinct score, highest threshold first (recall rising). The first point
 * carries the precision of the highest threshold at recall 0, as scikit-learn draws it.
 */
export function prCurve(labels: ArrayLike<number>, scores: ArrayLike<number>): PrPoint[] {
  const { steps: s, positives } = steps(labels, scores);
  const points = s.map((p) => ({ threshold: p.threshold, recall: positives === 0 ? 0 : p.tp / positives, precision: p.tp / (p.tp + p.fp) }));
  const first = points[0] as PrPoint;
  return [{ threshold: null, recall: 0, precision: first.precision }, ...points];
}

/** Wilson score interval for `k` successes out of `n` at z = 1.96. */
export function wilsonInterval(k: number, n: number, z = 1.96): [number, number] {
  if (n === 0) return [0, 1];
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

/**
 * The reliability table in `bins` bins; each holds the mean score and the observed share of positives of its rows.
 * `uniform`: equal-width bins over [0, 1] (scores outside are clamped into the end bins; `lo`/`hi` are the edges).
 * `quantile`: bins of (nearly) equal row counts in score order, tied scores kept in one bin, `lo`/`hi` the lowest
 * and highest score inside; with a low base rate most scores are small, and equal-width bins would put nearly every
 * row into the first one.
 */
export function calibrationTable(labels: ArrayLike<number>, scores: ArrayLike<number>, bins = 10, strategy: 'uniform' | 'quantile' = 'uniform'): CalibrationBin[] {
  checked(labels, scores);
  if (!Number.isInteger(bins) || bins < 1 || bins > 100) {
    throw new StorefrontError('INVALID_OPTION', `Report curves: bins is ${bins}. Pass an integer from 1 to 100.`);
  }
  const n = scores.length;
  const binOf = new Int32Array(n);
  const edges: [number, number][] = Array.from({ length: bins }, (_, b) => [b / bins, (b + 1) / bins]);
  if (strategy === 'quantile') {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
    let b = 0;
    order.forEach((i, rank) => {
      const s = scores[i] as number;
      // Move on once this bin has its share, but never between two equal scores.
      if (rank >= ((b + 1) * n) / bins && s !== scores[order[rank - 1] as number]) b = Math.min(bins - 1, b + 1);
      binOf[i] = b;
    });
  } else {
    for (let i = 0; i < n; i++) binOf[i] = Math.min(bins - 1, Math.max(0, Math.floor((scores[i] as number) * bins)));
  }
  const count = new Array<number>(bins).fill(0);
  const positives = new Array<number>(bins).fill(0);
  const sum = new Array<number>(bins).fill(0);
  const lo = new Array<number>(bins).fill(Infinity);
  const hi = new Array<number>(bins).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const s = scores[i] as number;
    const b = binOf[i] as number;
    count[b]! += 1;
    sum[b]! += s;
    lo[b] = Math.min(lo[b] as number, s);
    hi[b] = Math.max(hi[b] as number, s);
    if (labels[i] === 1) positives[b]! += 1;
  }
  const out = count.map((c, b) => {
    const k = positives[b] as number;
    const [elo, ehi] = edges[b] as [number, number];
    return {
      lo: strategy === 'quantile' ? (lo[b] as number) : elo,
      hi: strategy === 'quantile' ? (hi[b] as number) : ehi,
      count: c,
      positives: k,
      meanScore: c === 0 ? null : (sum[b] as number) / c,
      observedRate: c === 0 ? null : k / c,
      interval: c === 0 ? null : wilsonInterval(k, c),
    };
  });
  // Quantile bins left empty (many tied scores) say nothing: drop them.
  return strategy === 'quantile' ? out.filter((b) => b.count > 0) : out;
}

/**
 * The standard error of a ROC-AUC (Hanley & McNeil, 1982), from the AUC and the class sizes: how far the area
 * may move on another sample of the same size. 0 when a class is absent.
 */
export function rocAucStandardError(auc: number, positives: number, negatives: number): number {
  if (positives === 0 || negatives === 0) return 0;
  const q1 = auc / (2 - auc);
  const q2 = (2 * auc * auc) / (1 + auc);
  const v = (auc * (1 - auc) + (positives - 1) * (q1 - auc * auc) + (negatives - 1) * (q2 - auc * auc)) / (positives * negatives);
  return Math.sqrt(Math.max(0, v));
}

/**
 * Keeps a curve small enough to ship in a page: the first and last point and every point at least `resolution`
 * away (in either coordinate) from the last one kept, so the drawn shape is unchanged at that resolution.
 */
export function thinCurve<T>(points: readonly T[], x: (p: T) => number, y: (p: T) => number, resolution = 0.002): T[] {
  if (points.length <= 2) return [...points];
  const out: T[] = [points[0] as T];
  for (let i = 1; i < points.length - 1; i++) {
    const p = points[i] as T;
    const last = out[out.length - 1] as T;
    if (Math.abs(x(p) - x(last)) >= resolution || Math.abs(y(p) - y(last)) >= resolution) out.push(p);
  }
  out.push(points[points.length - 1] as T);
  return out;
}
