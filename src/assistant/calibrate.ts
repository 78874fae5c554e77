/**
 * Calibration and the out-of-scope threshold: pure math on held-out logits, run in Node.
 */

/** Softmax of `logits / temperature` (numerically stable). */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float32Array {
  const out = new Float32Array(logits.length);
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, (logits[i] as number) / temperature);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) / temperature - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/** Mean negative log-likelihood of `labels` under softmax(`logits[i]` / T). */
export function nll(logits: ReadonlyArray<ArrayLike<number>>, labels: ArrayLike<number>, temperature: number): number {
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const p = softmax(logits[i] as ArrayLike<number>, temperature)[labels[i] as number] as number;
    total -= Math.log(Math.max(p, 1e-12));
  }
  return total / Math.max(1, logits.length);
}

/**
 * Temperature scaling (Guo et al. 2017): the T > 0 minimising held-out NLL, searched on a log grid from 0.05 to 20
 * and refined by golden-section search. With no held-out rows, 1.
 */
export function fitTemperature(logits: ReadonlyArray<ArrayLike<number>>, labels: ArrayLike<number>): number {
  if (logits.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (let e = -3; e <= 3; e += 0.25) {
    const t = Math.exp(e);
    const loss = nll(logits, labels, t);
    if (loss < bestLoss) [best, bestLoss] = [t, loss];
  }
  let lo = Math.log(best) - 0.25;
  let hi = Math.log(best) + 0.25;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 20; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (nll(logits, labels, Math.exp(a)) < nll(logits, labels, Math.exp(b))) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/** One held-out message scored by the model: its confidence and whether the top answer was right / in scope. */
export interface ScoredExample {
  /** Calibrated confidence of the top class. */
  confidence: number;
  /** True for an in-scope message whose top class is its label. */
  correct: boolean;
  /** False for an out-of-scope message (or one the model placed in the out-of-scope class). */
  inScope: boolean;
  /** True when the model's top class is the out-of-scope class (always handed off). */
  predictedOos?: boolean;
}

/** In-scope accuracy (a handed-off in-scope message counts as wrong) and OOS recall at `threshold`. */
export function scopeMetrics(rows: readonly ScoredExample[], threshold: number): { inScopeAccuracy: number; oosRecall: number } {
  let inScope = 0;
  let correct = 0;
  let oos = 0;
  let caught = 0;
  for (const r of rows) {
    const handoff = r.predictedOos === true || r.confidence < threshold;
    if (r.inScope) {
      inScope++;
      if (r.correct && !handoff) correct++;
    } else {
      oos++;
      if (handoff) caught++;
    }
  }
  return { inScopeAccuracy: inScope ? correct / inScope : 0, oosRecall: oos ? caught / oos : 0 };
}

/**
 * The confidence threshold for hand-off, chosen on held-out data: the largest threshold (capped at `cap`) whose
 * held-out in-scope accuracy is at most `maxAccuracyLoss` below the accuracy without any threshold. With
 * out-of-scope rows this buys as much OOS recall as that accuracy budget allows; without, it keeps answers cautious.
 */
export function chooseHandoffThreshold(rows: readonly ScoredExample[], maxAccuracyLoss = 0.01, cap = 0.9): number {
  const candidates = [...new Set(rows.map((r) => Math.round(r.confidence * 1000) / 1000))].sort((a, b) => a - b);
  const base = scopeMetrics(rows, 0).inScopeAccuracy;
  let best = 0;
  for (const t of candidates) {
    if (t > cap) break;
    if (scopeMetrics(rows, t).inScopeAccuracy >= base - maxAccuracyLoss - 1e-9) best = t;
  }
  return best;
}
