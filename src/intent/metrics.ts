/**
 * Binary-classification metrics as pure functions over labels (0/1) and scores (probabilities of class 1).
 * Conventions: a score ≥ threshold predicts "purchase"; ratios with a zero denominator are 0 (as scikit-learn's
 * `zero_division=0`); ROC-AUC counts ties as ½; PR-AUC is average precision (scikit-learn's definition,
 * a step function over distinct thresholds, no interpolation).
 */
import { StorefrontError } from '../core/errors.ts';

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

/** Counts at one threshold. */
export interface ConfusionMatrix {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Everything `evaluate()` reports. */
export interface IntentMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
  /** Average precision. */
  prAuc: number;
  mcc: number;
  logLoss: number;
  brier: number;
  /** The decision threshold the counting metrics used. */
  threshold: number;
  confusion: ConfusionMatrix;
  /** Rows evaluated and how many were purchases. */
  count: number;
  positives: number;
}

function check(labels: Labels, scores: Scores): void {
  if (labels.length !== scores.length || labels.length === 0) {
    throw new StorefrontError('INVALID_INPUT', `Metrics: got ${labels.length} labels and ${scores.length} scores. Pass equally many, at least one.`);
  }
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

export function confusionMatrix(labels: Labels, scores: Scores, threshold = 0.5): ConfusionMatrix {
  check(labels, scores);
  const m = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < labels.length; i++) {
    const predicted = (scores[i] as number) >= threshold;
    const actual = labels[i] === 1;
    if (predicted && actual) m.tp++;
    else if (predicted) m.fp++;
    else if (actual) m.fn++;
    else m.tn++;
  }
  return m;
}

export const accuracyOf = (m: ConfusionMatrix): number => ratio(m.tp + m.tn, m.tp + m.tn + m.fp + m.fn);
export const precisionOf = (m: ConfusionMatrix): number => ratio(m.tp, m.tp + m.fp);
export const recallOf = (m: ConfusionMatrix): number => ratio(m.tp, m.tp + m.fn);
export const f1Of = (m: ConfusionMatrix): number => ratio(2 * m.tp, 2 * m.tp + m.fp + m.fn);

/** Matthews correlation coefficient; 0 when any margin is empty. */
export function mccOf(m: ConfusionMatrix): number {
  const d = Math.sqrt((m.tp + m.fp) * (m.tp + m.fn) * (m.tn + m.fp) * (m.tn + m.fn));
  return ratio(m.tp * m.tn - m.fp * m.fn, d);
}

/** Indices sorted by score, highest first. */
function byScoreDesc(scores: Scores): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number));
}

/** Area under the ROC curve (Mann–Whitney U with average ranks for ties); 0.5 when one class is absent. */
export function rocAuc(labels: Labels, scores: Scores): number {
  check(labels, scores);
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  let rankSumPos = 0;
  let pos = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const avgRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) if (labels[order[k] as number] === 1) { rankSumPos += avgRank; pos++; }
    i = j + 1;
  }
  const neg = labels.length - pos;
  if (pos === 0 || neg === 0) return 0.5;
  return (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Average precision: Σ (Rₙ − Rₙ₋₁) Pₙ over distinct score thresholds, highest first; 0 without positives. */
export function averagePrecision(labels: Labels, scores: Scores): number {
  check(labels, scores);
  const order = byScoreDesc(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  if (positives === 0) return 0;
  let tp = 0;
  let fp = 0;
  let prevRecall = 0;
  let ap = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && scores[order[j] as number] === scores[order[i] as number]) {
      if (labels[order[j] as number] === 1) tp++;
      else fp++;
      j++;
    }
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / (tp + fp));
    prevRecall = recall;
    i = j;
  }
  return ap;
}

/** Mean binary cross-entropy in nats, probabilities clipped to [1e-7, 1 − 1e-7]. */
export function logLoss(labels: Labels, scores: Scores): number {
  check(labels, scores);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = Math.min(1 - 1e-7, Math.max(1e-7, scores[i] as number));
    sum -= labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  }
  return sum / labels.length;
}

/** Mean squared error of the probabilities. */
export function brierScore(labels: Labels, scores: Scores): number {
  check(labels, scores);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += ((scores[i] as number) - (labels[i] as number)) ** 2;
  return sum / labels.length;
}

/**
 * The threshold that maximises F1 on (validation) data: the midpoint between the lowest score predicted positive
 * and the next lower score, so it generalises between observed scores. 0.5 when there are no positives.
 */
export function chooseThreshold(labels: Labels, scores: Scores): number {
  check(labels, scores);
  const order = byScoreDesc(scores);
  let positives = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i] === 1) positives++;
  if (positives === 0) return 0.5;
  let tp = 0;
  let fp = 0;
  let best = -1;
  let threshold = 0.5;
  for (let i = 0; i < order.length;) {
    let j = i;
    const s = scores[order[i] as number] as number;
    while (j < order.length && scores[order[j] as number] === s) {
      if (labels[order[j] as number] === 1) tp++;
      else fp++;
      j++;
    }
    const f1 = (2 * tp) / (tp + fp + positives);
    if (f1 > best) {
      best = f1;
      const next = j < order.length ? (scores[order[j] as number] as number) : s - 1e-6;
      threshold = (s + next) / 2;
    }
    i = j;
  }
  return threshold;
}

/** All metrics at `threshold`. */
export function computeMetrics(labels: Labels, scores: Scores, threshold = 0.5): IntentMetrics {
  const confusion = confusionMatrix(labels, scores, threshold);
  return {
    accuracy: accuracyOf(confusion),
    precision: precisionOf(confusion),
    recall: recallOf(confusion),
    f1: f1Of(confusion),
    rocAuc: rocAuc(labels, scores),
    prAuc: averagePrecision(labels, scores),
    mcc: mccOf(confusion),
    logLoss: logLoss(labels, scores),
    brier: brierScore(labels, scores),
    threshold,
    confusion,
    count: labels.length,
    positives: confusion.tp + confusion.fn,
  };
}
